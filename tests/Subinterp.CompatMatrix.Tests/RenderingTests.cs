using Subinterp.CompatMatrix.Model;
using Subinterp.CompatMatrix.Output;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

public sealed class RenderingTests
{
    private static readonly MatrixDocument Hostile = Cells.Matrix(
        ("b_mod", "3.13.0", "isolated", CellStatus.Leaks, "shared-object: x.<script>alert('x')</script> \"quoted\" & | piped"),
        ("a_mod", "3.13.0", "isolated", CellStatus.Ok, "fine"),
        ("a_mod", "3.12.1", "isolated", CellStatus.NotApplicable, "absent"));

    [Fact]
    public void TheHtmlPageEscapesEveryTextAndLoadsNothing()
    {
        var html = HtmlPage.Render(Hostile);

        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("x.&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; &amp; | piped", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("default-src 'none'", html);
    }

    [Fact]
    public void MarkdownHasOneRowPerModuleAndOneColumnPerPythonAndMode()
    {
        var markdown = MarkdownTable.Render(MatrixJson.Sorted(Hostile));
        var lines = markdown.Split('\n');

        Assert.Equal("| module | declares | 3.13.0 isolated | 3.12.1 isolated |", lines[0]);
        Assert.Equal("| `a_mod` | – | ok | n/a |", lines[2]);
        Assert.Equal("| `b_mod` | – | leaks | – |", lines[3]);
        Assert.Contains("1/2 cells ok (1 ok, 1 leaks, 1 n/a)", markdown);
    }

    private static readonly MatrixDocument WithPackages = new()
    {
        Measured = "2026-12-06",
        Runs = 2,
        Pythons = [new MatrixPython("3.14.10", "/usr/bin/python3.14", new SystemPackage("python3.14-minimal", "3.14.10-1"))],
        Modes = ["isolated", "legacy"],
        Modules =
        [
            new MatrixModule("pkg._core", "site", [new ModuleDeclaration("3.14.10", "single-phase", null, null)],
            [
                new MatrixCell("3.14.10", "isolated", "refused", "refused: module pkg._core does not support loading in subinterpreters",
                    Advice: new CellAdvice("single-phase-init", "Single-phase <init>", "Port it", ["https://docs.python.org/3/howto/isolating-extensions.html"])),
                new MatrixCell("3.14.10", "legacy", "crashes", "SIGSEGV", Runs: [new StatusSeen("crashes", 1, "SIGSEGV"), new StatusSeen("leaks", 1, "shared")],
                    Reproducer: new CellReproducer("reproducers/pkg._core-3.14-legacy.py", "overlapping", 3, 3, "killed by SIGSEGV (exit status 139)")),
            ], "pkg", new ModuleToolchain("Cython", "3.1.6", "Cython's shared module name")),
        ],
        Packages = [new MatrixPackage("pkg", "1.0", new SystemPackage("python3-pkg", "1.0-1"), ["pkg._core"], ["Cython"],
            [new PackageVerdict("3.14.10", "crashes", "crashes subinterpreters", "pkg._core crashes the process in legacy mode", "pkg._core", "legacy")])],
    };

    [Fact]
    public void WithPackagesTheMarkdownLeadsWithWhatWasMeasuredAndAVerdictPerPackage()
    {
        var markdown = MarkdownTable.Render(WithPackages);

        Assert.Contains("Measured on 2026-12-06 with CPython 3.14.10 (python3.14-minimal 3.14.10-1); modes isolated, legacy; 2 independent runs.", markdown);
        Assert.Contains("| pkg | 1.0 (python3-pkg 1.0-1) | Cython 3.1.6 | crashes subinterpreters (pkg._core, legacy) |", markdown);
        Assert.Contains("| `pkg._core` | pkg | Cython | single | refused | crashes † |", markdown);
        Assert.Contains("**single-phase-init**: Single-phase <init> *What to do:* Port it", markdown);
        Assert.Contains("[reproducers/pkg._core-3.14-legacy.py](reproducers/pkg._core-3.14-legacy.py) (overlapping) | 3 of 3 runs", markdown);
        Assert.Contains("* `pkg._core` 3.14.10 legacy: crashes in 1, leaks in 1", markdown);
    }

    [Fact]
    public void WithPackagesThePageHasTheFiltersAndEscapesTheAdvice()
    {
        var html = HtmlPage.Render(WithPackages);

        Assert.Contains("id=\"packages\"", html);
        Assert.Contains("id=\"package-filter\"", html);
        Assert.Contains("id=\"status-filter\"", html);
        Assert.Contains("id=\"toolchain-filter\"", html);
        Assert.Contains("data-verdict=\"crashes\"", html);
        Assert.Contains("Single-phase \\u003Cinit\\u003E", html);
        Assert.DoesNotContain("Single-phase <init>", html);
    }

    [Fact]
    public void TheBadgeCountsOkCellsOverCellsThatExist()
    {
        Assert.Contains("<title>subinterpreters: 1/2 ok</title>", Badge.Render(Hostile));
    }

    [Fact]
    public void JsonIsSortedAndReadsBackTheSame()
    {
        var path = Path.GetTempFileName();
        MatrixJson.Write(Hostile, path);
        var read = MatrixJson.Read(path, "matrix");

        Assert.Equal(["a_mod", "b_mod"], read.Modules.Select(m => m.Module));
        Assert.Equal(["3.13.0", "3.12.1"], read.Modules[0].Cells.Select(c => c.Python));
        Assert.Equal(MatrixJson.Serialize(Hostile), File.ReadAllText(path));
    }
}

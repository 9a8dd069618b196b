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

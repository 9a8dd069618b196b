using Microsoft.Playwright;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The HTML report of a real run, opened in headless Chromium: it renders the summary, the findings
/// by cause, a timeline per core and every module; the filter and the search filter; a module's
/// details open from its row and from its bar; and test names and output that hold markup and
/// script are shown as text, never run. Nothing is fetched.
/// </summary>
// A browser test: .ci/run leaves it out inside the Debian sid root, which has no browser.
[Trait("Needs", "Browser")]
public sealed class HtmlReportPageTests
{
    private const string Markup = "<script>window.pwned = 1</script><b>bold</b>";

    private static readonly Dictionary<string, string> Suite = new()
    {
        ["test_hostile_text.py"] = $$"""
            import unittest


            class HostileTextTests(unittest.TestCase):
                def id(self):
                    return super().id() + "[{{Markup}}]"

                def test_prints_markup(self):
                    print("<script>window.pwned = 2</script><img src=x onerror=\"window.pwned = 3\">")
                    self.fail("<script>window.pwned = 4</script> & <b>not bold</b> </pre></details>")

                def test_passes_quietly(self):
                    pass
            """,
        ["test_ok.py"] = """
            import unittest


            class OkTests(unittest.TestCase):
                def test_ok(self):
                    self.assertTrue(True)
            """,
        ["test_sets_environ.py"] = """
            import os
            import unittest


            class EnvironTests(unittest.TestCase):
                def test_sets_a_variable(self):
                    os.environ["SUBINTERP_HTML_REPORT_LEAK"] = "<i>leaked</i>"
            """,
        // A real SIGSEGV from pure Python (an isolated 3.12 interpreter refuses ctypes), as in sample-suites/hostile.
        ["test_segfaults.py"] = """
            import unittest


            class SegfaultTests(unittest.TestCase):
                def test_segfaults(self):
                    def returns_a_constant():
                        return 1

                    exec(returns_a_constant.__code__.replace(co_consts=()))
            """,
    };

    private static string ScreenshotFolder => Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    [PythonTheory]
    public async Task TheReportRendersFiltersShowsDetailsAndKeepsHostileTextAsText(PythonInstallation python)
    {
        var suite = TempSuite.Create("html", Suite);
        var run = CliRun.Start(["run", suite, "-j", "2", "--python", python.Executable, "--html", "report.html"]);
        Assert.True(run.ExitCode == 3, run.Describe());
        var page = Path.Combine(run.WorkDir, "report.html");

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var tab = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        var requests = new List<string>();
        tab.Request += (_, request) => requests.Add(request.Url);
        var errors = new List<string>();
        tab.PageError += (_, error) => errors.Add(error);
        await tab.GotoAsync(new Uri(page).AbsoluteUri);

        // The summary, the findings by cause, the timeline, the modules.
        Assert.StartsWith("4 modules, 5 tests: 3 passed, 1 failed, 0 skipped (1 crashed).", await tab.Locator("#totals").InnerTextAsync());
        Assert.Equal(["crash", "leak"], await tab.Locator("#finding-list .finding").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.kind)"));
        Assert.Contains("environ: SUBINTERP_HTML_REPORT_LEAK set to '<i>leaked</i>' (was unset)", await tab.Locator(".finding[data-kind='leak'] .title").InnerTextAsync());
        Assert.Equal(2, await tab.Locator("#timelines .lane").CountAsync());
        Assert.Equal(4, await tab.Locator("#timelines .bar").CountAsync());
        Assert.Equal(1, await tab.Locator("#timelines .bar.v-crashed").CountAsync());
        Assert.Equal("4 of 4 modules", await tab.Locator("#shown").InnerTextAsync());

        // Search looks into test ids and output; the verdict boxes filter.
        await tab.Locator("#filter").FillAsync("pwned = 2");
        Assert.Equal("1 of 4 modules", await tab.Locator("#shown").InnerTextAsync());
        Assert.True(await tab.Locator("tr.module[data-module='test_hostile_text']").IsVisibleAsync());
        Assert.False(await tab.Locator("tr.module[data-module='test_ok']").IsVisibleAsync());
        await tab.Locator("#filter").FillAsync("");
        await tab.Locator("#verdict-filter input[value='passed']").UncheckAsync();
        Assert.Equal("3 of 4 modules", await tab.Locator("#shown").InnerTextAsync());
        Assert.False(await tab.Locator("tr.module[data-module='test_ok']").IsVisibleAsync());
        await tab.Locator("#verdict-filter input[value='passed']").CheckAsync();

        // A module's details, from its row: its tests, with the markup in names and output as text.
        await tab.Locator("tr.module[data-module='test_hostile_text']").ClickAsync();
        Assert.Equal("test_hostile_text", await tab.Locator("#details-title").InnerTextAsync());
        var ids = await tab.Locator("#details-tests .id").AllInnerTextsAsync();
        Assert.Contains($"test_hostile_text.HostileTextTests.test_prints_markup[{Markup}]", ids);
        Assert.Contains("<script>window.pwned = 2</script><img src=x onerror=\"window.pwned = 3\">", await tab.Locator("#details-tests pre.stdout").InnerTextAsync());
        Assert.Contains("<script>window.pwned = 4</script> & <b>not bold</b> </pre></details>", await tab.Locator("#details-tests pre.message-text").InnerTextAsync());
        Assert.Equal(0, await tab.Locator("#details b, #details img, #details i, #finding-list i").CountAsync());
        Assert.Equal(2, await tab.Locator("script").CountAsync());
        Assert.Equal("undefined", await tab.EvaluateAsync<string>("typeof window.pwned"));

        // A module's details, from its bar: the crash, and which modules ran beside it.
        await tab.Locator("#timelines .bar.v-crashed").ClickAsync();
        Assert.Equal("test_segfaults", await tab.Locator("#details-title").InnerTextAsync());
        Assert.Contains("SIGSEGV", await tab.Locator("#details .module-finding").First.InnerTextAsync());
        Assert.Equal(1, await tab.Locator("#timelines .bar.selected").CountAsync());
        var beside = await tab.Locator("#details-beside").InnerTextAsync();
        var highlighted = await tab.Locator("#timelines .bar.beside").CountAsync();
        Assert.True(highlighted == 0 ? beside.StartsWith("nothing", StringComparison.Ordinal) : beside.Split(", ").Length == highlighted, $"{beside} / {highlighted} bars");

        Directory.CreateDirectory(ScreenshotFolder);
        await tab.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"html-report-{python.VersionText}.png"), FullPage = true });
        Assert.Empty(errors);
        Assert.All(requests, url => Assert.StartsWith("file://", url));
    }
}

using Microsoft.Playwright;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests.Matrix;

/// <summary>matrix.html of a real matrix run, opened in headless Chromium: the table renders, the filter filters, a cell shows its evidence.</summary>
// A browser test: .ci/run leaves it out inside the Debian sid root, which has no browser.
[Trait("Needs", "Browser")]
public sealed class MatrixPageTests
{
    /// <summary>Screenshots are kept here (ignored by git; CI uploads artifacts/).</summary>
    private static string ScreenshotFolder => Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    [PythonTheory]
    public async Task ThePageRendersFiltersAndShowsEvidence(PythonInstallation python)
    {
        var run = MatrixRun.For(python);
        Assert.True(run.ExitCode == 0, run.Describe());
        var page = Path.Combine(run.WorkDir, "matrix", "matrix.html");

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var tab = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 700 } });
        var requests = new List<string>();
        tab.Request += (_, request) => requests.Add(request.Url);
        await tab.GotoAsync(new Uri(page).AbsoluteUri);

        var rows = tab.Locator("#matrix tbody tr");
        Assert.Equal(MatrixRun.SampleModules.Length + MatrixRun.StdlibSlice.Length, await rows.CountAsync());
        Assert.Equal($"{python.VersionText}isolated", (await tab.Locator("#matrix thead th").Nth(3).InnerTextAsync()).Replace("\n", "", StringComparison.Ordinal));
        var all = MatrixRun.SampleModules.Length + MatrixRun.StdlibSlice.Length;
        Assert.Equal($"{all} of {all} modules", await tab.Locator("#shown").InnerTextAsync());

        await tab.Locator("#filter").FillAsync("_leaky");
        Assert.Equal($"1 of {all} modules", await tab.Locator("#shown").InnerTextAsync());
        Assert.True(await tab.Locator("tr[data-module='_leaky_shared']").IsVisibleAsync());
        Assert.False(await tab.Locator("tr[data-module='_safe_counter']").IsVisibleAsync());
        await tab.Locator("#filter").FillAsync("refused");
        Assert.True(await tab.Locator("tr[data-module='_unsafe_counter']").IsVisibleAsync());
        Assert.False(await tab.Locator("tr[data-module='math']").IsVisibleAsync());
        await tab.Locator("#filter").FillAsync("");

        await tab.Locator("tr[data-module='_leaky_shared'] td.cell").First.ClickAsync();
        Assert.Equal($"_leaky_shared — {python.VersionText} isolated", await tab.Locator("#evidence-title").InnerTextAsync());
        Assert.Equal("status: leaks", await tab.Locator("#evidence-status").InnerTextAsync());
        Assert.Contains("shared-object: _leaky_shared.TABLE (bytes) is one object shared by two live interpreters", await tab.Locator("#evidence-text").InnerTextAsync());
        Assert.Contains("declares Py_MOD_PER_INTERPRETER_GIL_SUPPORTED, yet leaks", await tab.Locator("#evidence-disagreement").InnerTextAsync());

        Directory.CreateDirectory(ScreenshotFolder);
        await tab.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"matrix-{python.VersionText}.png"), FullPage = true });
        Assert.All(requests, url => Assert.StartsWith("file://", url));
    }
}

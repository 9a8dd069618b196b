using Microsoft.Playwright;

namespace Subinterp.Testing;

/// <summary>
/// A headless Chromium driven through Playwright, for tests that look at a page the product
/// writes. It uses the machine's browser (Debian's chromium; Google Chrome on GitHub's runners),
/// never one Playwright would download, and fails with the fix when none is installed: a page test
/// that cannot run must not pass.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Overrides where the browser is looked for.</summary>
    public const string EnvironmentVariable = "SUBINTERP_CHROMIUM";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    private static readonly string[] Arguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <exception cref="InvalidOperationException">No Chromium is installed; the message says how to get one.</exception>
    public static string Executable()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } chosen)
        {
            return File.Exists(chosen) ? chosen : throw new InvalidOperationException($"{EnvironmentVariable}={chosen}: no such file.");
        }
        return Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"No Chromium found (looked for {string.Join(", ", Candidates)}). Install Debian's: `apt-get install chromium` "
                + $"(.ci/run does), or point {EnvironmentVariable} at a Chromium or Chrome executable.");
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var executable = Executable();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable, Headless = true, Args = Arguments,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

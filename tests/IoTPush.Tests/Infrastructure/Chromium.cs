using Microsoft.Playwright;
using Xunit;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright: one browser for a test class, a new context (own storage,
/// own viewport) per page. Playwright downloads no browser of its own here; CI installs the chromium package.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (apt-get install chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// A page in a fresh context: no sessionStorage from another test. Console errors (a CSP refusal among them)
    /// are kept, but not Chromium's note of each non-2xx answer, which the tests check through the page instead.
    /// </summary>
    public async Task<BrowserPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        var browserPage = new BrowserPage(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                browserPage.ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => browserPage.ConsoleErrors.Add(error);
        return browserPage;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>A page and its context, closed together; the console's errors as they came.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public List<string> ConsoleErrors { get; } = [];

    public ValueTask DisposeAsync() => context.DisposeAsync();
}

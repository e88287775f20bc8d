using Microsoft.Playwright;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// Screenshots the browser tests take, as PNG files in screenshots/ beside the tests, or in the directory that
/// IOTPUSH_SCREENSHOTS names (docs/images is refreshed that way).
/// </summary>
public static class Screenshots
{
    public static string Directory =>
        Environment.GetEnvironmentVariable("IOTPUSH_SCREENSHOTS") is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, $"dashboard-{name}.png"), FullPage = true });
    }
}

using System.Net;
using System.Text.Json;
using IoTPush.Dispatch;
using IoTPush.Notifications;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace IoTPush.Tests.Dashboard;

/// <summary>The dashboard at /ui/ in headless Chromium, against the service on real Kestrel.</summary>
public sealed class DashboardTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Campaign = "fw-2026-11";
    private const string Finished = "fw-2026-10";

    static DashboardTests() => SetDefaultExpectTimeout(10_000);

    /// <summary>Fails deviceDataChanged pushes while told to, so that dead letters can be made and replayed.</summary>
    private sealed class FailingDataReceiver : PushMessageReceiver
    {
        public volatile bool Failing = true;

        protected override Task HandleDeviceDataChangedAsync(DeviceDataChangedNotification notification, PushContext context) =>
            Failing ? throw new InvalidOperationException("meter store offline") : Task.CompletedTask;
    }

    [Fact]
    public async Task Campaigns_ShowSucceededFailedAndInProgress_AndACampaignListsItsFailedDevicesWhenFiltered()
    {
        await using var app = NewApplication();
        var client = app.StartOnKestrel();
        await PostCampaignAsync(client, Campaign, succeeded: 6, failed: 2, updating: 2);
        await PostCampaignAsync(client, Finished, succeeded: 3, failed: 0, updating: 0);
        await using var browser = await chromium.NewPageAsync(client.BaseAddress!);
        var page = browser.Page;

        await OpenWithKeyAsync(page, ManagementClient.ApiKey);

        // Active campaigns first, in their own table; the finished one below.
        var active = page.GetByRole(AriaRole.Table, new() { Name = "Campaigns with devices still in progress" });
        var finished = page.GetByRole(AriaRole.Table, new() { Name = "Campaigns whose devices have all finished" });
        var row = active.Locator($"tr[data-key='{Campaign}']");
        await Expect(row.Locator("[data-count=succeeded]")).ToHaveTextAsync("6 succeeded");
        await Expect(row.Locator("[data-count=failed]")).ToHaveTextAsync("2 failed");
        await Expect(row.Locator("[data-count=in-progress]")).ToHaveTextAsync("2 in progress");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("firmware");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("10");
        await Expect(finished.Locator($"tr[data-key='{Finished}'] [data-count=succeeded]")).ToHaveTextAsync("3 succeeded");
        await Expect(active.Locator($"tr[data-key='{Finished}']")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "campaigns");

        await page.GetByRole(AriaRole.Link, new() { Name = Campaign, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Campaign {Campaign}" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-count=devices] dd")).ToHaveTextAsync("10");
        await Expect(page.Locator("[data-count=updating] dd")).ToHaveTextAsync("10");
        await Expect(page.Locator(".counts [data-count=succeeded] dd")).ToHaveTextAsync("6");
        await Expect(page.Locator(".counts [data-count=failed] dd")).ToHaveTextAsync("2");
        await Expect(page.Locator(".counts [data-count=in-progress] dd")).ToHaveTextAsync("2");
        var devices = page.GetByRole(AriaRole.Table, new() { Name = "Devices of this campaign" }).Locator("tbody tr");
        await Expect(devices).ToHaveCountAsync(10);

        await page.GetByLabel("Result").SelectOptionAsync("FAIL");
        await Expect(devices).ToHaveCountAsync(2);
        await Expect(devices.Locator("th")).ToHaveTextAsync([$"{Campaign}-dev-07", $"{Campaign}-dev-08"]);
        // A pushed value is shown as the text it is, never read as HTML.
        await Expect(devices.First.Locator("td.error")).ToHaveTextAsync("image checksum <b>mismatch</b>");
        await Expect(devices.First.Locator("td").Nth(2)).ToContainTextAsync("1.3 → 1.6");
        await Screenshots.SaveAsync(page, "campaign-failed");

        // The filter is in the address, so a reload keeps it; the key is still in the tab.
        Assert.EndsWith("?result=FAIL", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        await Expect(devices).ToHaveCountAsync(2);

        // The page refreshes by itself: a device that fails now joins the filtered list.
        await PushAsync(client, Result(Campaign, $"{Campaign}-dev-09", "FAIL"));
        await Expect(devices).ToHaveCountAsync(3);
        await Expect(page.Locator(".counts [data-count=in-progress] dd")).ToHaveTextAsync("1");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task WithoutAKeyOrWithAWrongOne_NoCampaignIsShown_AndTheApiAnswers401()
    {
        await using var app = NewApplication();
        var client = app.StartOnKestrel();
        await PostCampaignAsync(client, Campaign, succeeded: 1, failed: 1, updating: 1);
        await using var browser = await chromium.NewPageAsync(client.BaseAddress!);
        var page = browser.Page;
        var apiStatuses = new List<int>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/", StringComparison.Ordinal))
            {
                apiStatuses.Add(response.Status);
            }
        };

        await page.GotoAsync($"/ui/#/campaigns/{Campaign}");
        await Expect(page.GetByLabel("Management API key")).ToBeVisibleAsync();
        Assert.Empty(apiStatuses); // nothing is asked for without a key
        Assert.Equal(401, await page.EvaluateAsync<int>("async () => (await fetch('../api/upgrades')).status"));
        Assert.Equal(401, await page.EvaluateAsync<int>(
            "async () => (await fetch('../api/upgrades', { headers: { 'X-Api-Key': 'not-the-key' } })).status"));

        await page.GetByLabel("Management API key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The key was refused (401 Unauthorized)");
        await Expect(page.GetByLabel("Management API key")).ToBeVisibleAsync();
        Assert.All(apiStatuses, status => Assert.Equal(401, status));
        Assert.DoesNotContain(Campaign + "-dev", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('iotpush.apiKey')"));
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task AKeyThatIsRevoked_SendsTheReaderBackToTheKeyForm()
    {
        await using var app = NewApplication();
        var client = app.StartOnKestrel();
        await PostCampaignAsync(client, Campaign, succeeded: 1, failed: 0, updating: 1);
        await using var browser = await chromium.NewPageAsync(client.BaseAddress!);
        var page = browser.Page;
        await OpenWithKeyAsync(page, ManagementClient.ApiKey);
        await Expect(page.Locator($"tr[data-key='{Campaign}']")).ToHaveCountAsync(1);

        // As if the operator's key had been taken out of Management:ApiKeys: the next refresh is refused.
        await page.EvaluateAsync("() => sessionStorage.setItem('iotpush.apiKey', 'revoked')");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("refused");
        await Expect(page.Locator($"tr[data-key='{Campaign}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task WithTheKeyboardAlone_TheKeyIsEnteredAndACampaignOpened()
    {
        await using var app = NewApplication();
        var client = app.StartOnKestrel();
        await PostCampaignAsync(client, Campaign, succeeded: 1, failed: 1, updating: 0);
        await using var browser = await chromium.NewPageAsync(client.BaseAddress!);
        var page = browser.Page;

        await page.GotoAsync("/ui/");
        await page.Keyboard.TypeAsync(ManagementClient.ApiKey); // the key field has the focus
        await page.Keyboard.PressAsync("Enter");
        var link = page.GetByRole(AriaRole.Link, new() { Name = Campaign, Exact = true });
        await Expect(link).ToBeVisibleAsync();
        for (var presses = 0; presses < 20 && !await link.EvaluateAsync<bool>("link => link === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Campaign {Campaign}" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("A", await page.EvaluateAsync<string>("() => document.activeElement.tagName")); // "All campaigns"
    }

    [Fact]
    public async Task AtAPhonesWidth_NothingMakesThePageScrollSideways()
    {
        await using var app = NewApplication();
        var client = app.StartOnKestrel();
        await PostCampaignAsync(client, Campaign, succeeded: 6, failed: 2, updating: 2);
        await using var browser = await chromium.NewPageAsync(client.BaseAddress!, width: 390, height: 844);
        var page = browser.Page;

        await OpenWithKeyAsync(page, ManagementClient.ApiKey);
        await Expect(page.Locator($"tr[data-key='{Campaign}'] [data-count=failed]")).ToHaveTextAsync("2 failed");
        Assert.True(await FitsTheWidthAsync(page), "the campaigns page is wider than the phone");

        await page.GetByRole(AriaRole.Link, new() { Name = Campaign, Exact = true }).ClickAsync();
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(10);
        Assert.True(await FitsTheWidthAsync(page), "the campaign page is wider than the phone");
        await Screenshots.SaveAsync(page, "campaign-phone");
    }

    [Fact]
    public async Task DeadLetters_ListTheFailedRecordsWithTheirError_AndReplayTakesOneOutOfTheList()
    {
        var receiver = new FailingDataReceiver();
        await using var app = NewApplication(receiver);
        var client = app.StartOnKestrel();
        var id = await client.PushOkAsync(DeviceData("meter-1"));
        await app.Inbox.WaitUntilAsync(rows => rows.Single().Status == "failed");
        await using var browser = await chromium.NewPageAsync(client.BaseAddress!);
        var page = browser.Page;

        await OpenWithKeyAsync(page, ManagementClient.ApiKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Dead letters" }).ClickAsync();
        var letter = page.Locator($"tr[data-key='{id}']");
        await Expect(letter.Locator("td.error")).ToContainTextAsync("meter store offline");
        await Expect(letter).ToContainTextAsync("deviceDataChanged");

        receiver.Failing = false;
        await letter.GetByRole(AriaRole.Button, new() { Name = $"Replay notification {id}" }).ClickAsync();
        await Expect(letter).ToHaveCountAsync(0);
        await Expect(page.GetByText("No dead letters")).ToBeVisibleAsync();
        await app.Inbox.WaitUntilAsync(rows => rows.Single().Status == "processed");
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task ThePageIsServedWithAContentSecurityPolicy_AndHoldsNoInlineScriptOrStyle()
    {
        await using var app = NewApplication();
        var client = app.StartOnKestrel();

        var redirect = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = client.BaseAddress }
            .GetAsync("/ui");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/ui/", redirect.Headers.Location?.OriginalString);

        var response = await client.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        await using var browser = await chromium.NewPageAsync(client.BaseAddress!);
        await browser.Page.GotoAsync("/ui/");
        Assert.Equal(0, await browser.Page.EvaluateAsync<int>(
            "() => [...document.scripts].filter(script => !script.src).length + document.querySelectorAll('[style]').length"));
        foreach (var asset in new[] { "/ui/app.css", "/ui/js/main.js", "/ui/js/views/campaigns.js" })
        {
            var file = await client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.True(file.Headers.Contains("Content-Security-Policy"), asset);
        }

        Assert.Empty(browser.ConsoleErrors);
    }

    private static IoTPushApplication NewApplication(PushMessageReceiver? receiver = null) => new()
    {
        Settings = { ["Management:ApiKeys:0"] = ManagementClient.ApiKey, ["Dispatch:MaxAttempts"] = "1" },
        ConfigureServices = receiver is null ? null : services => services.AddSingleton(receiver),
    };

    private static async Task OpenWithKeyAsync(IPage page, string key)
    {
        await page.GotoAsync("/ui/");
        await page.GetByLabel("Management API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upgrade campaigns" })).ToBeVisibleAsync();
    }

    private static Task<bool> FitsTheWidthAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>Devices dev-01.. of the operation: the first succeed, the next fail, the rest stay updating.</summary>
    private static async Task PostCampaignAsync(HttpClient client, string operationId, int succeeded, int failed, int updating)
    {
        var total = succeeded + failed + updating;
        for (var number = 1; number <= total; number++)
        {
            var device = $"{operationId}-dev-{number:00}";
            foreach (var (step, description) in new[] { (1, "downloading"), (2, "downloaded"), (3, "updating") })
            {
                await PushAsync(client, JsonSerializer.Serialize(new
                {
                    notifyType = "fwUpgradeStateChangeNotify", deviceId = device, appId = "app-1", operationId,
                    subOperationId = $"sub-{device}", step = step.ToString(System.Globalization.CultureInfo.InvariantCulture), stepDesc = description,
                }));
            }

            if (number <= succeeded + failed)
            {
                await PushAsync(client, Result(operationId, device, number <= succeeded ? "SUCCESS" : "FAIL"));
            }
        }
    }

    private static string Result(string operationId, string device, string status) => JsonSerializer.Serialize(new
    {
        notifyType = "fwUpgradeResultNotify", deviceId = device, appId = "app-1", operationId, subOperationId = $"sub-{device}",
        curVersion = status == "SUCCESS" ? "1.6" : "1.3", targetVersion = "1.6", sourceVersion = "1.3", status,
        statusDesc = status == "SUCCESS" ? "upgrade ok" : "image checksum <b>mismatch</b>", upgradeTime = "20261122T101500Z",
    });

    private static string DeviceData(string device) => JsonSerializer.Serialize(new
    {
        notifyType = "deviceDataChanged", deviceId = device, gatewayId = device,
        service = new { serviceId = "WaterMeter", serviceType = "WaterMeter", data = new { totalFlow = 1024 }, eventTime = "20261122T101600Z" },
    });

    private static async Task PushAsync(HttpClient client, string body) => await client.PushOkAsync(body);
}

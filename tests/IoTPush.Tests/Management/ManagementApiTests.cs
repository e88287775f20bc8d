using System.Net;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IoTPush.Tests.Management;

public abstract class ManagementApiTests
{
    /// <summary>A new, empty store of the kind this class runs against.</summary>
    protected abstract Task<TestStore> NewStoreAsync();

    private static string StateChange(string device, string operation, string sub = "sub") =>
        $$"""{"notifyType":"swUpgradeStateChangeNotify","deviceId":"{{device}}","appId":"app","operationId":"{{operation}}","subOperationId":"{{sub}}","swUpgradeState":"downloading"}""";

    private static async Task<IoTPushApplication> CampaignAsync(TestStore store, int devices)
    {
        var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();
        for (var i = 0; i < devices; i++)
        {
            await client.PushOkAsync(StateChange($"dev-{i:000}", "op-paging", $"sub-{i % 3}"));
        }

        await app.Inbox.WaitUntilAsync(rows => rows.Count == devices && rows.All(row => row.Status == "processed"));
        return app;
    }

    [Fact]
    public async Task OperationPaging_WalksEveryRowExactlyOnce()
    {
        await using var store = await NewStoreAsync();
        await using var app = await CampaignAsync(store, 50);
        var client = app.CreateManagementClient();
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetJsonAsync($"/api/upgrades/op-paging?limit=7{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("deviceId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(8, pages);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"dev-{i:000}").Order(), seen.Order());
        Assert.Equal(50, seen.Distinct().Count());
    }

    [Fact]
    public async Task NotificationPaging_WalksNewestFirstExactlyOnce()
    {
        await using var store = await NewStoreAsync();
        await using var app = await CampaignAsync(store, 25);
        var client = app.CreateManagementClient();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync($"/api/notifications?limit=10{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(app.Inbox.Rows().Select(row => row.Id).Reverse(), seen);
    }

    [Fact]
    public async Task NotificationFilters_Combine()
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();
        var wanted = await client.PushOkAsync(StateChange("dev-a", "op-1"));
        await client.PushOkAsync(StateChange("dev-a", "op-2"));
        await client.PushOkAsync(StateChange("dev-b", "op-1"));
        await client.PushOkAsync("""{"notifyType":"deviceCapabilitiesAdded","deviceId":"dev-a","operationId":"op-1"}""");

        var page = await client.GetJsonAsync("/api/notifications?deviceId=dev-a&operationId=op-1&notifyType=swUpgradeStateChangeNotify");
        var unhandled = await client.GetJsonAsync("/api/notifications?deviceId=dev-a&status=unhandled");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(wanted, item.GetProperty("id").GetString());
        Assert.Equal(StateChange("dev-a", "op-1"), item.GetProperty("body").GetString());
        Assert.Equal("deviceCapabilitiesAdded", Assert.Single(unhandled.GetProperty("items").EnumerateArray()).GetProperty("notifyType").GetString());
    }

    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "/api/upgrades/op-1" },
        { "GET", "/api/devices/dev-1/upgrades" },
        { "GET", "/api/notifications" },
        { "GET", "/api/notifications/01a2" },
        { "POST", "/api/notifications/01a2/replay" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_WithoutOrWithAWrongKey_Answers401(string method, string path)
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateClient();

        var without = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var wrong = new HttpRequestMessage(new HttpMethod(method), path);
        wrong.Headers.Add("X-Api-Key", ManagementClient.ApiKey + "x");
        var withWrong = await client.SendAsync(wrong);
        var right = await app.CreateManagementClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (without.StatusCode, withWrong.StatusCode));
        Assert.Equal("application/problem+json", withWrong.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_WithNoKeyConfigured_Answers401EvenWithAKey(string method, string path)
    {
        await using var store = await NewStoreAsync();
        await using var app = new IoTPushApplication(store);
        var client = app.CreateClient();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Api-Key", ManagementClient.ApiKey);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/upgrades/op-unknown")]
    [InlineData("GET", "/api/devices/dev-unknown/upgrades")]
    [InlineData("GET", "/api/notifications/01a20000-0000-7000-8000-000000000000")]
    [InlineData("POST", "/api/notifications/01a20000-0000-7000-8000-000000000000/replay")]
    public async Task UnknownOperationDeviceOrNotification_Answers404Problem(string method, string path)
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);

        var response = await app.CreateManagementClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/notifications?limit=0", "limit")]
    [InlineData("/api/notifications?limit=1001", "limit")]
    [InlineData("/api/notifications?limit=ten", "limit")]
    [InlineData("/api/notifications?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/notifications?status=done", "status")]
    [InlineData("/api/upgrades/op-1?cursor=WyJhIl0", "cursor")]
    [InlineData("/api/devices/dev-1/upgrades?limit=-5", "limit")]
    public async Task BadLimitCursorOrStatus_Answers400NamingTheParameter(string path, string parameter)
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);

        var response = await app.CreateManagementClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([parameter], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Replay_OfAnUnhandledRecord_Answers409()
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();
        var id = await client.PushOkAsync("""{"notifyType":"deviceCapabilitiesAdded","deviceId":"dev-a"}""");

        var response = await client.PostAsync($"/api/notifications/{id}/replay", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    /// <summary>Holds every push until released.</summary>
    private sealed class Gate : IoTPush.Dispatch.PushMessageReceiver
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task ReceiveAsync(IoTPush.Notifications.Notification notification, IoTPush.Dispatch.PushContext context)
        {
            Entered.TrySetResult();
            await Released.Task.WaitAsync(context.CancellationToken);
        }
    }

    [Fact]
    public async Task Replay_OfARecordBeingDispatched_Answers409_AndIsDispatchedOnce()
    {
        await using var store = await NewStoreAsync();
        var gate = new Gate();
        await using var app = new IoTPushApplication(store)
        {
            Settings = { ["Management:ApiKeys:0"] = ManagementClient.ApiKey, ["Dispatch:HandlerTimeout"] = "00:00:30" },
            ConfigureServices = services => services.AddSingleton<IoTPush.Dispatch.PushMessageReceiver>(gate),
        };
        var client = app.CreateManagementClient();
        var id = await client.PushOkAsync(StateChange("dev-held", "op-held"));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var whileHeld = await client.PostAsync($"/api/notifications/{id}/replay", null);
        gate.Released.SetResult();
        var row = (await app.Inbox.WaitUntilAsync(rows => rows.Single().Status == "processed")).Single();

        Assert.Equal(HttpStatusCode.Conflict, whileHeld.StatusCode);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/notifications/{id}/replay", null)).StatusCode);
    }
}

public sealed class SqliteManagementApiTests : ManagementApiTests
{
    protected override Task<TestStore> NewStoreAsync() => Task.FromResult<TestStore>(new SqliteTestStore());
}

public sealed class PostgresManagementApiTests : ManagementApiTests
{
    protected override async Task<TestStore> NewStoreAsync() => await PostgresTestStore.CreateAsync();
}

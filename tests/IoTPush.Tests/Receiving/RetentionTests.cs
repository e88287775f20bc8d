using System.Data.Common;
using System.Net;
using IoTPush.Dispatch;
using IoTPush.Notifications;
using IoTPush.Service.Storage;
using IoTPush.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace IoTPush.Tests.Receiving;

/// <summary>
/// Storage:Retention: processed and unhandled records go once they are older than it, with their tracker marks;
/// failed records stay until replayed; tracker rows stay.
/// </summary>
public abstract class RetentionTests
{
    protected abstract Task<TestStore> NewStoreAsync();

    protected abstract DbConnection Connect(TestStore store);

    private static string Push(string device) =>
        $$"""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"{{device}}","appId":"a","operationId":"op-kept","subOperationId":"s-{{device}}","step":"1","stepDesc":"downloading"}""";

    private sealed class FailsDoomed : PushMessageReceiver
    {
        protected override Task HandleFwUpgradeStateChangedAsync(FwUpgradeStateChangeNotification notification, PushContext context) =>
            notification.DeviceId == "doomed" ? throw new InvalidOperationException("doomed") : Task.CompletedTask;
    }

    private long Count(TestStore store, string sql)
    {
        using var connection = Connect(store);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Purge_WithAClockPastTheRetention_DeletesProcessedAndUnhandled_KeepsFailedAndTheTracker()
    {
        await using var store = await NewStoreAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var configured = new IoTPushApplication(store)
        {
            Settings =
            {
                ["Dispatch:MaxAttempts"] = "1", ["Storage:Retention"] = "30.00:00:00", ["Management:ApiKeys:0"] = ManagementClient.ApiKey,
                ["Storage:PurgeInterval"] = "01:00:00",
            },
            ConfigureServices = services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<PushMessageReceiver, FailsDoomed>();
            },
        };
        var client = configured.CreateManagementClient();
        var processed = await client.PushOkAsync(Push("kept-in-the-tracker"));
        var failed = await client.PushOkAsync(Push("doomed"));
        var unhandled = await client.PushOkAsync("""{"notifyType":"deviceCapabilitiesAdded","deviceId":"d"}""");
        using (var ticking = new CancellationTokenSource())
        {
            // The dispatcher waits on the clock between rounds: let it move until the pushes are settled.
            var ticker = Task.Run(async () =>
            {
                while (!ticking.IsCancellationRequested)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(100));
                    await Task.Delay(5);
                }
            });
            await store.Inbox.WaitUntilAsync(rows => rows.Count == 3 && rows.All(row => row.Status is "processed" or "failed" or "unhandled"));
            await ticking.CancelAsync();
            await ticker;
        }

        var trackerBefore = await client.GetJsonAsync("/api/upgrades/op-kept");
        Assert.Equal(0, await configured.Services.GetRequiredService<InboxRetention>().PurgeAsync(CancellationToken.None));
        Assert.Equal(2, Count(store, "SELECT count(*) FROM upgrade_applied"));

        // A month on: the next hourly purge deletes what is past the retention.
        clock.Advance(TimeSpan.FromDays(31));
        await store.Inbox.WaitUntilAsync(rows => rows.Count == 1);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/notifications/{processed}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/notifications/{unhandled}")).StatusCode);
        Assert.Equal("failed", (await client.GetJsonAsync($"/api/notifications/{failed}")).GetProperty("status").GetString());
        Assert.Equal(1, Count(store, "SELECT count(*) FROM upgrade_applied"));
        Assert.Equal(trackerBefore.ToString(), (await client.GetJsonAsync("/api/upgrades/op-kept")).ToString());
    }

    [Fact]
    public async Task Retention_OfZero_KeepsEverything()
    {
        await using var store = await NewStoreAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var app = new IoTPushApplication(store)
        {
            Settings = { ["Storage:Retention"] = "00:00:00", ["Dispatch:Enabled"] = "false" },
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        };
        await app.CreateClient().PushOkAsync("""{"notifyType":"deviceCapabilitiesAdded","deviceId":"d"}""");

        clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(0, await app.Services.GetRequiredService<InboxRetention>().PurgeAsync(CancellationToken.None));
        Assert.Single(store.Inbox.Rows());
    }
}

public sealed class SqliteRetentionTests : RetentionTests
{
    protected override Task<TestStore> NewStoreAsync() => Task.FromResult<TestStore>(new SqliteTestStore());

    protected override DbConnection Connect(TestStore store) => new SqliteConnection($"Data Source={((SqliteTestStore)store).DatabasePath};Pooling=False");

    /// <summary>In real seconds, as an operator would see it: Storage:Retention=00:00:05, Storage:PurgeInterval=00:00:01.</summary>
    [Fact]
    public async Task Retention_InRealSeconds_TheProcessedRecordIsGoneAfterTheWindow_TheFailedOneIsNot()
    {
        await using var store = new SqliteTestStore();
        await using var app = new IoTPushApplication(store)
        {
            Settings =
            {
                ["Storage:Retention"] = "00:00:05", ["Storage:PurgeInterval"] = "00:00:01", ["Dispatch:MaxAttempts"] = "1",
                ["Management:ApiKeys:0"] = ManagementClient.ApiKey,
            },
            ConfigureServices = services => services.AddSingleton<PushMessageReceiver, FailsDoomedInRealTime>(),
        };
        var client = app.CreateManagementClient();
        var processed = await client.PushOkAsync(
            """{"notifyType":"swUpgradeStateChangeNotify","deviceId":"dev-1","appId":"a","operationId":"op-real","subOperationId":"s","swUpgradeState":"idle"}""");
        var failed = await client.PushOkAsync(
            """{"notifyType":"swUpgradeStateChangeNotify","deviceId":"doomed","appId":"a","operationId":"op-real","subOperationId":"s2","swUpgradeState":"idle"}""");
        await store.Inbox.WaitUntilAsync(rows => rows.Count == 2 && rows.All(row => row.Status is "processed" or "failed"));
        var tracker = (await client.GetJsonAsync("/api/upgrades/op-real")).ToString();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await client.GetAsync($"/api/notifications/{processed}")).StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/notifications/{processed}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/notifications/{failed}")).StatusCode);
        Assert.Equal(tracker, (await client.GetJsonAsync("/api/upgrades/op-real")).ToString());
    }

    private sealed class FailsDoomedInRealTime : PushMessageReceiver
    {
        protected override Task HandleSwUpgradeStateChangedAsync(SwUpgradeStateChangeNotification notification, PushContext context) =>
            notification.DeviceId == "doomed" ? throw new InvalidOperationException("doomed") : Task.CompletedTask;
    }
}

public sealed class PostgresRetentionTests : RetentionTests
{
    protected override async Task<TestStore> NewStoreAsync() => await PostgresTestStore.CreateAsync();

    protected override DbConnection Connect(TestStore store) => new NpgsqlConnection(((PostgresTestStore)store).ConnectionString);
}

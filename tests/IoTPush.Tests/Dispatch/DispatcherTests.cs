using System.Collections.Concurrent;
using IoTPush.Dispatch;
using IoTPush.Notifications;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IoTPush.Tests.Dispatch;

public abstract class DispatcherTests
{
    /// <summary>A new, empty store of the kind this class runs against.</summary>
    protected abstract Task<TestStore> NewStoreAsync();

    /// <summary>Records which override was called for which stored push; throws while told to.</summary>
    public sealed class RecordingReceiver : PushMessageReceiver
    {
        public ConcurrentQueue<(string Method, string InboxId, string DeviceId, int Attempt)> Calls { get; } = new();

        /// <summary>Device ids whose pushes throw, and how many more times.</summary>
        public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();

        protected override Task HandleFwUpgradeStateChangedAsync(FwUpgradeStateChangeNotification notification, PushContext context) =>
            Record(nameof(HandleFwUpgradeStateChangedAsync), notification, context);

        protected override Task HandleFwUpgradeResultAsync(FwUpgradeResultNotification notification, PushContext context) =>
            Record(nameof(HandleFwUpgradeResultAsync), notification, context);

        protected override Task HandleSwUpgradeResultAsync(SwUpgradeResultNotification notification, PushContext context) =>
            Record(nameof(HandleSwUpgradeResultAsync), notification, context);

        protected override Task HandleSwUpgradeStateChangedAsync(SwUpgradeStateChangeNotification notification, PushContext context) =>
            Record(nameof(HandleSwUpgradeStateChangedAsync), notification, context);

        private Task Record(string method, UpgradeNotification notification, PushContext context)
        {
            Calls.Enqueue((method, context.Id, notification.DeviceId, context.Attempt));
            if (FailuresLeft.TryGetValue(notification.DeviceId, out var left) && left > 0)
            {
                FailuresLeft[notification.DeviceId] = left - 1;
                throw new InvalidOperationException($"handler failure for {notification.DeviceId}");
            }

            return Task.CompletedTask;
        }
    }

    private static IoTPushApplication NewApplication(TestStore store, int maxAttempts = 10) => new(store)
    {
        Settings = { ["Dispatch:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ConfigureServices = services =>
        {
            services.AddSingleton<RecordingReceiver>();
            services.AddSingleton<PushMessageReceiver>(provider => provider.GetRequiredService<RecordingReceiver>());
        },
    };

    [Fact]
    public async Task StoredPushes_EachReachTheirOwnOverrideExactlyOnce_InOrderOfReceipt()
    {
        await using var store = await NewStoreAsync();
        await using var app = NewApplication(store);
        var client = app.CreateClient();
        var expected = new List<(string Method, string Id)>();
        var methods = new Dictionary<string, string>
        {
            ["fwUpgradeStateChangeNotify"] = "HandleFwUpgradeStateChangedAsync",
            ["fwUpgradeResultNotify"] = "HandleFwUpgradeResultAsync",
            ["swUpgradeResultNotify"] = "HandleSwUpgradeResultAsync",
            ["swUpgradeStateChangeNotify"] = "HandleSwUpgradeStateChangedAsync",
        };
        foreach (var (notifyType, method) in methods)
        {
            var response = await client.PushAsync(Payloads.Seed(notifyType));
            expected.Add((method, (await response.JsonAsync()).GetProperty("id").GetString()!));
        }

        await client.PushAsync(Payloads.Seed("fwUpgradeResultNotify")); // a duplicate: not dispatched again
        await app.Inbox.WaitUntilAsync(rows => rows.Count == 4 && rows.All(row => row.Status == "processed"));

        var receiver = app.Services.GetRequiredService<RecordingReceiver>();
        Assert.Equal(expected, receiver.Calls.Select(call => (call.Method, call.InboxId)));
        Assert.All(app.Inbox.Rows(), row => Assert.Equal(1, row.Attempts));
    }

    [Fact]
    public async Task ThrowingHandler_IsRetriedUntilItSucceeds_WhileOthersKeepFlowing()
    {
        await using var store = await NewStoreAsync();
        await using var app = NewApplication(store);
        var receiver = app.Services.GetRequiredService<RecordingReceiver>();
        receiver.FailuresLeft["flaky"] = 2;
        var client = app.CreateClient();

        var flaky = await (await client.PushAsync(Payloads.Seed("swUpgradeStateChangeNotify").Replace("******", "flaky", StringComparison.Ordinal))).JsonAsync();
        var steady = await (await client.PushAsync(Payloads.Seed("swUpgradeStateChangeNotify"))).JsonAsync();

        var rows = await app.Inbox.WaitUntilAsync(rows => rows.Count == 2 && rows.All(row => row.Status == "processed"));
        var flakyRow = rows.Single(row => row.Id == flaky.GetProperty("id").GetString());
        Assert.Equal(3, flakyRow.Attempts);
        Assert.Contains("handler failure for flaky", flakyRow.LastError, StringComparison.Ordinal);
        Assert.Equal(1, rows.Single(row => row.Id == steady.GetProperty("id").GetString()).Attempts);
        Assert.Equal([1, 2, 3], receiver.Calls.Where(call => call.DeviceId == "flaky").Select(call => call.Attempt));
    }

    [Fact]
    public async Task HandlerThatAlwaysThrows_IsDeadLetteredAfterMaxAttempts()
    {
        await using var store = await NewStoreAsync();
        await using var app = NewApplication(store, maxAttempts: 3);
        var receiver = app.Services.GetRequiredService<RecordingReceiver>();
        receiver.FailuresLeft["doomed"] = int.MaxValue;
        var client = app.CreateClient();

        await client.PushAsync(Payloads.Seed("fwUpgradeStateChangeNotify").Replace("******", "doomed", StringComparison.Ordinal));

        var row = (await app.Inbox.WaitUntilAsync(rows => rows.Count == 1 && rows[0].Status == "failed")).Single();
        Assert.Equal(3, row.Attempts);
        Assert.StartsWith("InvalidOperationException: handler failure for doomed", row.LastError, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Equal(3, receiver.Calls.Count);
    }
}

public sealed class SqliteDispatcherTests : DispatcherTests
{
    protected override Task<TestStore> NewStoreAsync() => Task.FromResult<TestStore>(new SqliteTestStore());
}

public sealed class PostgresDispatcherTests : DispatcherTests
{
    protected override async Task<TestStore> NewStoreAsync() => await PostgresTestStore.CreateAsync();
}

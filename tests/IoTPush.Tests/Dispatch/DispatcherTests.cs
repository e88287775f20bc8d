using System.Collections.Concurrent;
using System.Net;
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

    /// <summary>A service with one receiver of the test's and the given settings; short timeouts and leases by default.</summary>
    private static IoTPushApplication WithReceiver(TestStore store, PushMessageReceiver receiver, int maxAttempts = 10,
        Action<IServiceCollection>? more = null) => new(store)
    {
        Settings =
        {
            ["Dispatch:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dispatch:HandlerTimeout"] = "00:00:00.300",
            ["Dispatch:LeaseDuration"] = "00:00:01",
        },
        ConfigureServices = services =>
        {
            services.AddSingleton(receiver);
            more?.Invoke(services);
        },
    };

    private static string Device(string device) => Payloads.Seed("swUpgradeStateChangeNotify").Replace("******", device, StringComparison.Ordinal);

    /// <summary>Hangs on the devices it is told to, ignoring its token; handles the rest.</summary>
    private sealed class Hanging(params string[] devices) : PushMessageReceiver
    {
        public ConcurrentQueue<string> Handled { get; } = new();

        public override async Task ReceiveAsync(Notification notification, PushContext context)
        {
            var device = ((UpgradeNotification)notification).DeviceId;
            if (devices.Contains(device))
            {
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }

            Handled.Enqueue(device);
        }
    }

    /// <summary>Takes whole batches; a batch holding a poison push throws as a whole.</summary>
    private sealed class PoisonedBatches(string poison) : PushMessageReceiver
    {
        public ConcurrentQueue<int> BatchSizes { get; } = new();

        public override Task<IReadOnlyList<Exception?>> ReceiveBatchAsync(IReadOnlyList<ReceivedPush> batch)
        {
            BatchSizes.Enqueue(batch.Count);
            return batch.Any(push => ((UpgradeNotification)push.Notification).DeviceId == poison)
                ? throw new InvalidOperationException("poison in the batch")
                : Task.FromResult<IReadOnlyList<Exception?>>(new Exception?[batch.Count]);
        }
    }

    /// <summary>Answers no result at all, whatever it is given.</summary>
    private sealed class Miscounting : PushMessageReceiver
    {
        public int Calls;

        public override Task<IReadOnlyList<Exception?>> ReceiveBatchAsync(IReadOnlyList<ReceivedPush> batch)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult<IReadOnlyList<Exception?>>([]);
        }
    }

    [Fact]
    public async Task AHandlerThatRunsPastTheTimeout_FailsItsPushAlone_AndDispatchGoesOn()
    {
        await using var store = await NewStoreAsync();
        var receiver = new Hanging("hung");
        await using var app = WithReceiver(store, receiver, maxAttempts: 2);
        var client = app.CreateClient();

        var hung = await client.PushOkAsync(Device("hung"));
        var steady = await client.PushOkAsync(Device("steady"));

        var rows = await app.Inbox.WaitUntilAsync(rows => rows.Count == 2 && rows.All(row => row.Status is "processed" or "failed"));
        Assert.Equal(("failed", 2), (rows.Single(row => row.Id == hung).Status, rows.Single(row => row.Id == hung).Attempts));
        Assert.Contains("Dispatch:HandlerTimeout", rows.Single(row => row.Id == hung).LastError, StringComparison.Ordinal);
        Assert.Equal("processed", rows.Single(row => row.Id == steady).Status);
        Assert.Equal(["steady"], receiver.Handled);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task ABatchThatThrowsAsAWhole_IsRetriedOneByOne_SoOnlyThePoisonPushFails()
    {
        await using var store = await NewStoreAsync();
        var receiver = new PoisonedBatches("poison");
        await using var app = WithReceiver(store, receiver, maxAttempts: 1);
        app.Settings["Dispatch:BatchDelay"] = "00:00:00.500";
        var client = app.CreateClient();

        var ids = new List<string>();
        foreach (var device in new[] { "a", "b", "poison", "c", "d" })
        {
            ids.Add(await client.PushOkAsync(Device(device)));
        }

        var rows = await app.Inbox.WaitUntilAsync(rows => rows.Count == 5 && rows.All(row => row.Status is "processed" or "failed"));
        Assert.Equal(["processed", "processed", "failed", "processed", "processed"], ids.Select(id => rows.Single(row => row.Id == id).Status));
        Assert.All(rows, row => Assert.Equal(1, row.Attempts));
        Assert.Contains("poison in the batch", rows.Single(row => row.Id == ids[2]).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReceiverAnsweringTheWrongNumberOfResults_FailsThosePushes_WithoutAHotLoop()
    {
        await using var store = await NewStoreAsync();
        var receiver = new Miscounting();
        await using var app = WithReceiver(store, receiver, maxAttempts: 3);
        var client = app.CreateClient();

        await client.PushOkAsync(Device("miscounted"));

        var row = (await app.Inbox.WaitUntilAsync(rows => rows.Single().Status == "failed")).Single();
        Assert.Equal(3, row.Attempts);
        Assert.Contains("answered 0 results for 1 pushes", row.LastError, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Equal(3, receiver.Calls);
    }

    [Fact]
    public async Task APushWhoseHandlingEndsTheProcess_IsDeadLetteredAfterMaxAttemptsTakes()
    {
        await using var store = await NewStoreAsync();
        FaultyInboxStore? faulty = null;
        var receiver = new Hanging();
        await using var app = WithReceiver(store, receiver, maxAttempts: 3,
            services => services.AddSingleton<IoTPush.Inbox.IInboxStore>(provider => faulty = FaultyInboxStore.Wrapping(provider)));
        var client = app.CreateClient();
        await client.GetAsync("/health/live");
        faulty!.LoseOutcomesOfDevice = "doomed";

        await client.PushOkAsync(Device("doomed"));

        var row = (await app.Inbox.WaitUntilAsync(rows => rows.Single().Status == "failed", TimeSpan.FromSeconds(20))).Single();
        Assert.Equal(3, row.Attempts);
        Assert.Contains("Taken 3 times without an outcome", row.LastError, StringComparison.Ordinal);
    }

    /// <summary>Takes a while over each push, and counts how often each was handled.</summary>
    private sealed class Slow(TimeSpan perPush) : PushMessageReceiver
    {
        public ConcurrentDictionary<string, int> Handled { get; } = new();

        public override async Task ReceiveAsync(Notification notification, PushContext context)
        {
            await Task.Delay(perPush, context.CancellationToken);
            Handled.AddOrUpdate(context.Id, 1, (_, count) => count + 1);
        }
    }

    [Fact]
    public async Task PushesWaitingInTheHandoffLongerThanTheLease_KeepIt_AndAreEachHandledOnce()
    {
        await using var store = await NewStoreAsync();
        // One push a round, 150 ms each: the last of 15 waits ~2 s in memory, twice the 1 s lease, while each round
        // is too short for a batch's own renewal (every third of the lease) to fire.
        var receiver = new Slow(TimeSpan.FromMilliseconds(150));
        await using var app = WithReceiver(store, receiver, more: services => services.Configure<DispatchOptions>(options =>
        {
            options.BatchSize = 1;
            options.PollInterval = TimeSpan.FromMilliseconds(50);
        }));
        var client = app.CreateClient();
        await client.GetAsync("/health/live");

        var ids = new List<string>();
        for (var i = 0; i < 15; i++)
        {
            ids.Add((await (await client.PushAsync(Device($"queued-{i:00}"))).JsonAsync()).GetProperty("id").GetString()!);
        }

        await app.Inbox.WaitUntilAsync(rows => rows.Count == 15 && rows.All(row => row.Status == "processed"), TimeSpan.FromSeconds(20));
        await Task.Delay(300); // a second dispatch, if any, would be under way by now

        Assert.Equal(ids.Order(), receiver.Handled.Keys.Order());
        Assert.All(receiver.Handled, handled => Assert.Equal(1, handled.Value));
    }

    [Fact]
    public async Task ADispatchRoundThatStalls_TurnsReadinessTo503_UntilItMovesAgain()
    {
        await using var store = await NewStoreAsync();
        FaultyInboxStore? faulty = null;
        await using var app = WithReceiver(store, new Hanging(), more: services =>
            services.AddSingleton<IoTPush.Inbox.IInboxStore>(provider => faulty = FaultyInboxStore.Wrapping(provider)));
        var client = app.CreateClient();
        await client.GetAsync("/health/live");
        faulty!.HangSaves = true;

        await client.PushOkAsync(Device("stuck"));
        var started = DateTime.UtcNow;
        while ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK && DateTime.UtcNow - started < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        var stalled = await client.GetAsync("/health/ready");
        faulty.HangSaves = false;
        await app.Inbox.WaitUntilAsync(rows => rows.Single().Status == "processed");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

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

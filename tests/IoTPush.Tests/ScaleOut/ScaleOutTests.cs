using System.Collections.Concurrent;
using System.Net;
using IoTPush.Dispatch;
using IoTPush.Notifications;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IoTPush.Tests.ScaleOut;

/// <summary>Several instances sharing one PostgreSQL database, as behind a load balancer.</summary>
public sealed class ScaleOutTests
{
    private static string Push(string device, string state = "downloading") =>
        $$"""{"notifyType":"swUpgradeStateChangeNotify","deviceId":"{{device}}","appId":"a","operationId":"op-scale","subOperationId":"s-{{device}}","swUpgradeState":"{{state}}"}""";

    /// <summary>Counts calls per inbox id, shared by every instance of a test; can be made to hang.</summary>
    public sealed class CountingReceiver(ConcurrentDictionary<string, int> calls, TaskCompletionSource? hang = null) : PushMessageReceiver
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task ReceiveAsync(Notification notification, PushContext context)
        {
            calls.AddOrUpdate(context.Id, 1, (_, count) => count + 1);
            if (hang is not null)
            {
                Entered.TrySetResult();
                await hang.Task.WaitAsync(context.CancellationToken);
            }
        }
    }

    private static IoTPushApplication Instance(TestStore store, CountingReceiver? receiver = null, string leaseDuration = "00:02:00") => new(store)
    {
        Settings = { ["Dispatch:LeaseDuration"] = leaseDuration, ["Management:ApiKeys:0"] = ManagementClient.ApiKey },
        ConfigureServices = receiver is null ? null : services => services.AddSingleton<PushMessageReceiver>(receiver),
    };

    [Fact]
    public async Task ConcurrentDuplicates_DeliveredToTwoInstances_AreStoredOnce_AndBothAnswer200()
    {
        await using var store = await PostgresTestStore.CreateAsync();
        await using var first = Instance(store);
        await using var second = Instance(store);
        var clients = new[] { first.CreateClient(), second.CreateClient() };

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var response = await clients[i % 2].PushAsync(Push($"dev-{i / 4}")); // every body four times, on both
            return (Status: response.StatusCode, Json: await response.JsonAsync());
        }));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.Equal(50, store.Inbox.Rows().Count);
        Assert.Equal(50, answers.Count(answer => !answer.Json.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(50, answers.Select(answer => answer.Json.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task NotificationsAcceptedByEitherInstance_AreEachProcessedOnce_AndTrackedOnce()
    {
        await using var store = await PostgresTestStore.CreateAsync();
        var calls = new ConcurrentDictionary<string, int>();
        await using var first = Instance(store, new CountingReceiver(calls));
        await using var second = Instance(store, new CountingReceiver(calls));
        var clients = new[] { first.CreateClient(), second.CreateClient() };

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => clients[i % 2].PushOkAsync(Push($"dev-{i % 60}", UpgradeStates.ByStep[i / 60 % 4]))));

        var rows = await store.Inbox.WaitUntilAsync(rows => rows.Count == 240 && rows.All(row => row.Status == "processed"));
        Assert.Equal(rows.Select(row => row.Id).Order(), calls.Keys.Order());
        Assert.All(calls.Values, count => Assert.Equal(1, count));
        var summary = await first.CreateManagementClient().GetJsonAsync("/api/upgrades/op-scale?limit=1000");
        Assert.Equal(60, summary.GetProperty("devices").GetInt32());
        Assert.Equal(240, summary.GetProperty("items").EnumerateArray().Sum(item => item.GetProperty("notifications").GetInt32()));
    }

    /// <summary>A clock an hour ahead of the database's, as an instance whose time has drifted.</summary>
    private sealed class HourAhead : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddHours(1);
    }

    /// <summary>Takes whole batches slowly (within the handler timeout), counting what it is given.</summary>
    private sealed class SlowBatches(string name, ConcurrentDictionary<string, int> calls, TimeSpan delay) : PushMessageReceiver
    {
        public override async Task<IReadOnlyList<Exception?>> ReceiveBatchAsync(IReadOnlyList<ReceivedPush> batch)
        {
            foreach (var push in batch)
            {
                calls.AddOrUpdate($"{name}:{push.Context.Id}", 1, (_, count) => count + 1);
            }

            await Task.Delay(delay);
            return new Exception?[batch.Count];
        }
    }

    [Fact]
    public async Task RoundsLongerThanTheLease_KeepTheirRecords_BecauseLeasesAreRenewed()
    {
        await using var store = await PostgresTestStore.CreateAsync();
        var calls = new ConcurrentDictionary<string, int>();
        IoTPushApplication WithSlowReceivers(TimeSpan delay) => new(store)
        {
            Settings = { ["Dispatch:LeaseDuration"] = "00:00:01", ["Dispatch:HandlerTimeout"] = "00:00:00.500", ["Dispatch:BatchDelay"] = "00:00:00.200" },
            ConfigureServices = services =>
            {
                foreach (var name in new[] { "first", "second", "third" })
                {
                    services.AddSingleton<PushMessageReceiver>(new SlowBatches(name, calls, delay));
                }
            },
        };

        // Each round on the slow instance takes three calls of 0.45 s: longer than a lease of 1 s.
        await using var slow = WithSlowReceivers(TimeSpan.FromMilliseconds(450));
        var client = slow.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await client.PushOkAsync(Push($"dev-{i}")));
        }

        await using var fast = WithSlowReceivers(TimeSpan.Zero);
        fast.CreateClient();
        await store.Inbox.WaitUntilAsync(rows => rows.Count == 20 && rows.All(row => row.Status == "processed"), TimeSpan.FromSeconds(30));

        Assert.All(ids.SelectMany(id => new[] { $"first:{id}", $"second:{id}", $"third:{id}" }), key => Assert.Equal(1, calls[key]));
        Assert.All(store.Inbox.Rows(), row => Assert.Equal(1, row.Attempts));
    }

    [Fact]
    public async Task AnInstanceThatStopsAnswering_LosesItsLeasesByTheDatabasesClock_AndAnotherFinishesTheWork()
    {
        await using var store = await PostgresTestStore.CreateAsync();
        var calls = new ConcurrentDictionary<string, int>();
        FaultyInboxStore? frozen = null;
        var hung = new CountingReceiver(calls, hang: new TaskCompletionSource());
        var settings = new Dictionary<string, string?> { ["Dispatch:LeaseDuration"] = "00:00:01", ["Dispatch:HandlerTimeout"] = "00:00:00.500" };
        var stuck = new IoTPushApplication(store)
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<PushMessageReceiver>(hung);
                services.AddSingleton<TimeProvider>(new HourAhead());
                services.AddSingleton<IoTPush.Inbox.IInboxStore>(provider => frozen = FaultyInboxStore.Wrapping(provider));
            },
        };
        foreach (var (key, value) in settings)
        {
            stuck.Settings[key] = value;
        }

        var client = stuck.CreateClient();
        await client.GetAsync("/health/live");
        // Frozen from here: its leases are not renewed and its outcomes not saved, as an instance that stopped answering.
        frozen!.FailRenewals = true;
        frozen.HangSaves = true;
        for (var i = 0; i < 20; i++)
        {
            await client.PushOkAsync(Push($"dev-{i}"));
        }

        await hung.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var healthy = new IoTPushApplication(store) { ConfigureServices = services => services.AddSingleton<PushMessageReceiver>(new CountingReceiver(calls)) };
        foreach (var (key, value) in settings)
        {
            healthy.Settings[key] = value;
        }

        healthy.CreateClient();

        // Its clock is an hour ahead: leases stamped by it would keep the records from the healthy instance for an hour.
        await store.Inbox.WaitUntilAsync(rows => rows.Count == 20 && rows.All(row => row.Status == "processed"), TimeSpan.FromSeconds(20));
        frozen.HangSaves = false; // it wakes up; its late outcomes must not undo the work
        await stuck.DisposeAsync();
        await Task.Delay(300);

        Assert.All(store.Inbox.Rows(), row => Assert.Equal("processed", row.Status));
    }

    [Fact]
    public async Task DatabaseStoppedMidRun_Answers503WithRetryAfter_ThenRecoversWithoutARestartOrAPush()
    {
        var server = await PostgresServer.StartAsync();
        if (server is null)
        {
            Assert.Skip($"PostgreSQL tests skipped: {PostgresServer.Unavailable}");
        }

        await using (server)
        {
            await using var store = new PostgresTestStore(await server.CreateDatabaseAsync());
            await using var app = new IoTPushApplication(store)
            {
                Settings = { ["Receiver:StoreTimeout"] = "00:00:03", ["Management:ApiKeys:0"] = ManagementClient.ApiKey },
            };
            var client = app.CreateManagementClient();
            var acknowledged = new List<string> { await client.PushOkAsync(Push("before")) };

            await server.StopAsync();
            var started = DateTime.UtcNow;
            var during = await client.PushAsync(Push("during"));
            var answeredIn = DateTime.UtcNow - started;
            var readyDuring = await client.GetAsync("/health/ready");
            var managementDuring = await client.GetAsync("/api/notifications");

            // Back, and no push arrives: readiness must find that out by itself, or the load balancer never returns.
            await server.StartAgainAsync();
            var restarted = DateTime.UtcNow;
            while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow - restarted < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(200);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            HttpResponseMessage? after = null;
            for (var attempt = 0; attempt < 50 && after?.StatusCode != HttpStatusCode.OK; attempt++)
            {
                after = await client.PushAsync(Push("after"));
                await Task.Delay(after.StatusCode == HttpStatusCode.OK ? 0 : 200);
            }

            acknowledged.Add((await after!.JsonAsync()).GetProperty("id").GetString()!);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.NotNull(during.Headers.RetryAfter);
            Assert.True(answeredIn < TimeSpan.FromSeconds(6), $"answered in {answeredIn}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyDuring.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, managementDuring.StatusCode);
            Assert.NotNull(managementDuring.Headers.RetryAfter);
            Assert.Equal(acknowledged.Order(), store.Inbox.Rows().Select(row => row.Id).Order());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }
    }
}

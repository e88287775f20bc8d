using System.Net;
using IoTPush.Inbox;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IoTPush.Tests.Receiving;

/// <summary>What is stored, and when a 200 may be answered. Each test has its own store.</summary>
public abstract class StorageTests
{
    /// <summary>A new, empty store of the kind this class runs against.</summary>
    protected abstract Task<TestStore> NewStoreAsync();

    private const string StateChange =
        """{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"dev-1","appId":"app-1","operationId":"op-1","subOperationId":"sub-1","step":"1","stepDesc":"downloading"}""";

    [Fact]
    public async Task Post_SameNotificationTwice_StoredOnceAndSecondAnswersDuplicate()
    {
        await using var store = await NewStoreAsync();
        await using var app = new IoTPushApplication(store);
        var client = app.CreateClient();
        // The same notification, reformatted, reordered and with names in another case.
        const string redelivery = """
            { "StepDesc": "downloading", "step": "1", "subOperationId": "sub-1",
              "operationId": "op-1", "appId": "app-1", "DEVICEID": "dev-1", "notifyType": "fwUpgradeStateChangeNotify" }
            """;

        var first = await (await client.PushAsync(StateChange)).JsonAsync();
        var second = await client.PushAsync(redelivery);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var answer = await second.JsonAsync();
        Assert.True(answer.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("id").GetString(), answer.GetProperty("id").GetString());
        var row = Assert.Single(app.Inbox.Rows());
        Assert.Equal(StateChange, row.Body);
    }

    [Fact]
    public async Task Post_ManyConcurrentPushes_EachStoredExactlyOnceUnderItsAnsweredId()
    {
        await using var store = await NewStoreAsync();
        await using var app = new IoTPushApplication(store);
        var client = app.CreateClient();
        var bodies = Enumerable.Range(0, 300).Select(i => StateChange.Replace("dev-1", $"dev-{i % 150}", StringComparison.Ordinal)
            .Replace("sub-1", $"sub-{i % 150}", StringComparison.Ordinal)).ToList();

        var answers = await Task.WhenAll(bodies.Select(async body =>
        {
            var response = await client.PushAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await response.JsonAsync();
            return (Body: body, Id: json.GetProperty("id").GetString()!, Duplicate: json.GetProperty("duplicate").GetBoolean());
        }));

        var rows = app.Inbox.Rows().ToDictionary(row => row.Id);
        Assert.Equal(150, rows.Count);
        Assert.Equal(150, answers.Count(answer => !answer.Duplicate));
        Assert.All(answers, answer => Assert.Equal(answer.Body, rows[answer.Id].Body));
    }

    [Fact]
    public async Task Post_UnknownNotifyTypeWhenAccepted_StoredAsUnhandledAndNeverDispatched()
    {
        await using var store = await NewStoreAsync();
        await using var app = new IoTPushApplication(store);
        var client = app.CreateClient();
        const string body = """{"notifyType":"deviceCapabilitiesAdded","deviceId":"dev-9","service":{"data":{"temp":21}}}""";

        var response = await client.PushAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await client.PushAsync(StateChange);
        await app.Inbox.WaitUntilAsync(rows => rows.Any(row => row.Status == "processed"));
        var unhandled = app.Inbox.Rows().Single(row => row.NotifyType == "deviceCapabilitiesAdded");
        Assert.Equal(("unhandled", 0, "dev-9", body), (unhandled.Status, unhandled.Attempts, unhandled.DeviceId, unhandled.Body));
    }

    [Fact]
    public async Task Post_UnknownNotifyTypeWhenRejected_Returns400AndStoresNothing()
    {
        await using var store = await NewStoreAsync();
        await using var app = new IoTPushApplication(store) { Settings = { ["Receiver:UnknownNotifyTypes"] = "Reject" } };
        var client = app.CreateClient();

        var response = await client.PushAsync("""{"notifyType":"deviceCapabilitiesAdded","deviceId":"dev-9"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["notifyType"], await response.ErrorFieldsAsync());
        Assert.Empty(app.Inbox.Rows());
    }

    [Fact]
    public async Task Restart_OnTheSameStore_KeepsEverythingAcknowledged()
    {
        await using var store = await NewStoreAsync();
        var acknowledged = new List<string>();
        await using (var first = new IoTPushApplication(store))
        {
            var client = first.CreateClient();
            for (var i = 0; i < 20; i++)
            {
                var response = await client.PushAsync(StateChange.Replace("dev-1", $"dev-{i}", StringComparison.Ordinal));
                acknowledged.Add((await response.JsonAsync()).GetProperty("id").GetString()!);
            }
        }

        await using var second = new IoTPushApplication(store);
        var again = await second.CreateClient().PushAsync(StateChange.Replace("dev-1", "dev-0", StringComparison.Ordinal));

        Assert.Equal(acknowledged, second.Inbox.Rows().Select(row => row.Id));
        Assert.True((await again.JsonAsync()).GetProperty("duplicate").GetBoolean());
    }

    /// <summary>A started service, with the given settings, whose inbox store fails or hangs while told to.</summary>
    private static async Task<(IoTPushApplication App, HttpClient Client, FaultyInboxStore Faulty)> WithFaultyStoreAsync(
        TestStore store, params (string Key, string Value)[] settings)
    {
        FaultyInboxStore? faulty = null;
        var app = new IoTPushApplication(store)
        {
            ConfigureServices = services => services.AddSingleton<IInboxStore>(provider => faulty = FaultyInboxStore.Wrapping(provider)),
        };
        foreach (var (key, value) in settings)
        {
            app.Settings[key] = value;
        }

        var client = app.CreateClient();
        await client.GetAsync("/health/live");
        return (app, client, faulty!);
    }

    [Fact]
    public async Task Post_WhenTheStoreFails_Returns503WithRetryAfter_IsNotReady_AndRecoversAfterwards()
    {
        await using var store = await NewStoreAsync();
        var (app, client, faulty) = await WithFaultyStoreAsync(store);
        await using var running = app;
        faulty.FailAppends = true;

        var failed = await client.PushAsync(StateChange);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(failed.Headers.RetryAfter);
        Assert.Empty(app.Inbox.Rows());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);

        // The store is back and no push comes (a load balancer sends none to an instance that is not ready):
        // readiness must find out by itself.
        faulty.FailAppends = false;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var retried = await client.PushAsync(StateChange);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Single(app.Inbox.Rows());
    }

    [Fact]
    public async Task GroupCommit_AFailingBatch_Answers503ToItsOwnPushesOnly()
    {
        await using var store = await NewStoreAsync();
        var (app, client, faulty) = await WithFaultyStoreAsync(store, ("Storage:MaxBatchDelay", "00:00:00.020"));
        await using var running = app;
        faulty.FailBatchWithDevice = "dev-17";

        var answers = await Task.WhenAll(Enumerable.Range(0, 120).Select(async i =>
        {
            var response = await client.PushAsync(StateChange.Replace("dev-1", $"dev-{i}", StringComparison.Ordinal));
            return (Device: $"dev-{i}", response.StatusCode);
        }));

        var unavailable = answers.Where(answer => answer.StatusCode == HttpStatusCode.ServiceUnavailable).Select(answer => answer.Device);
        Assert.Equal(faulty.FailedBatch.Order(), unavailable.Order()!);
        Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        var stored = app.Inbox.Rows().Select(row => row.DeviceId!).ToHashSet();
        Assert.Equal(answers.Where(answer => answer.StatusCode == HttpStatusCode.OK).Select(answer => answer.Device).ToHashSet(), stored);
        Assert.True(stored.Count >= 120 - faulty.FailedBatch.Count);
    }

    [Fact]
    public async Task Post_WhenTheCommitTakesLongerThanStoreTimeout_Returns503()
    {
        await using var store = await NewStoreAsync();
        var (app, client, faulty) = await WithFaultyStoreAsync(store, ("Receiver:StoreTimeout", "00:00:00.300"));
        await using var running = app;
        faulty.HangAppends = true;

        var response = await client.PushAsync(StateChange);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        faulty.HangAppends = false;
    }

    [Fact]
    public async Task ACommitThatOutlastsStoreTimeout_PushesBehindItWhoseCallersGaveUp_AreNotCommitted_AndEveryRetryIsAnsweredRight()
    {
        await using var store = await NewStoreAsync();
        var (app, client, faulty) = await WithFaultyStoreAsync(store, ("Receiver:StoreTimeout", "00:00:00.300"));
        await using var running = app;
        faulty.HangAppends = true;

        // The first is in the commit that hangs; the second waits behind it; both callers give up with a 503.
        var inTheCommit = client.PushAsync(StateChange.Replace("dev-1", "in-the-commit", StringComparison.Ordinal));
        await Task.Delay(100);
        var queued = await client.PushAsync(StateChange.Replace("dev-1", "queued", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await inTheCommit).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, queued.StatusCode);
        faulty.HangAppends = false;
        await Task.Delay(200);

        // What was queued behind the commit was not written blind. The commit under way is the store's: SQLite
        // finishes it, PostgreSQL cancels it at the deadline. Either way the platform's retry is answered right.
        var stored = app.Inbox.Rows().Select(row => row.DeviceId).ToList();
        Assert.DoesNotContain("queued", stored);
        var retryOfTheFirst = await (await client.PushAsync(StateChange.Replace("dev-1", "in-the-commit", StringComparison.Ordinal))).JsonAsync();
        var retryOfTheSecond = await (await client.PushAsync(StateChange.Replace("dev-1", "queued", StringComparison.Ordinal))).JsonAsync();
        Assert.Equal(stored.Contains("in-the-commit"), retryOfTheFirst.GetProperty("duplicate").GetBoolean());
        Assert.False(retryOfTheSecond.GetProperty("duplicate").GetBoolean());
    }
}

public sealed class SqliteStorageTests : StorageTests
{
    protected override Task<TestStore> NewStoreAsync() => Task.FromResult<TestStore>(new SqliteTestStore());
}

public sealed class PostgresStorageTests : StorageTests
{
    protected override async Task<TestStore> NewStoreAsync() => await PostgresTestStore.CreateAsync();
}

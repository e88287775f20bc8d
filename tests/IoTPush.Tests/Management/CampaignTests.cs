using System.Text.Json;
using IoTPush.Tests.Infrastructure;
using Xunit;

namespace IoTPush.Tests.Management;

/// <summary>A scripted upgrade campaign, delivered shuffled and with duplicates, read back through the API.</summary>
public abstract class CampaignTests
{
    /// <summary>A new, empty store of the kind this class runs against.</summary>
    protected abstract Task<TestStore> NewStoreAsync();

    private const string Operation = "op-campaign";

    private static string StateChange(int device, int step) =>
        $$"""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"dev-{{device:00}}","appId":"app","operationId":"{{Operation}}","subOperationId":"sub-{{device:00}}","step":"{{step}}","stepDesc":"{{new[] { "idle", "downloading", "downloaded", "updating" }[step]}}"}""";

    private static string Result(int device, bool success) =>
        $$"""{"notifyType":"fwUpgradeResultNotify","deviceId":"dev-{{device:00}}","appId":"app","operationId":"{{Operation}}","subOperationId":"sub-{{device:00}}","curVersion":"{{(success ? "2.0" : "1.0")}}","targetVersion":"2.0","sourceVersion":"1.0","status":"{{(success ? "SUCCESS" : "FAIL")}}","statusDesc":"{{(success ? "ok" : "flash error")}}","upgradeTime":"{{device}}"}""";

    private sealed record Delivery(int Device, int? Step, bool? Success, string Body);

    [Fact]
    public async Task ShuffledCampaignWithDuplicates_EndsWithEveryRowAndCountAsTheRulesSay()
    {
        // 50 devices: 0→1→2→3 then a result (every 4th fails); devices 40–49 never report a result.
        var random = new Random(20261122);
        var deliveries = new List<Delivery>();
        for (var device = 0; device < 50; device++)
        {
            for (var step = 0; step <= 3; step++)
            {
                deliveries.Add(new Delivery(device, step, null, StateChange(device, step)));
            }

            if (device < 40)
            {
                var success = device % 4 != 0;
                deliveries.Add(new Delivery(device, null, success, Result(device, success)));
            }
        }

        var sent = deliveries.Concat(deliveries.Where(_ => random.Next(5) == 0)).OrderBy(_ => random.Next()).ToList();
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();
        foreach (var delivery in sent)
        {
            await client.PushOkAsync(delivery.Body);
        }

        await app.Inbox.WaitUntilAsync(rows => rows.Count == deliveries.Count && rows.All(row => row.Status == "processed"));
        var summary = await client.GetJsonAsync($"/api/upgrades/{Operation}?limit=1000");

        // The expectation, worked out independently: the first delivery of each notification counts;
        // the state is the last state change received before the device's result.
        var firstDeliveries = sent.DistinctBy(delivery => delivery.Body).ToList();
        var expected = Enumerable.Range(0, 50).ToDictionary(device => $"dev-{device:00}", device =>
        {
            var mine = firstDeliveries.Where(delivery => delivery.Device == device).ToList();
            var resultAt = mine.FindIndex(delivery => delivery.Success is not null);
            var states = (resultAt < 0 ? mine : mine.Take(resultAt)).Where(delivery => delivery.Step is not null).ToList();
            string?[] names = ["idle", "downloading", "downloaded", "updating"];
            return (
                State: states.Count == 0 ? null : names[states[^1].Step!.Value],
                Result: resultAt < 0 ? null : mine[resultAt].Success!.Value ? "SUCCESS" : "FAIL",
                Notifications: mine.Count);
        });

        Assert.Equal(50, summary.GetProperty("devices").GetInt32());
        Assert.Equal(30, summary.GetProperty("succeeded").GetInt32());
        Assert.Equal(10, summary.GetProperty("failed").GetInt32());
        Assert.Equal(10, summary.GetProperty("inProgress").GetInt32());
        var states = summary.GetProperty("states");
        foreach (var state in new[] { "idle", "downloading", "downloaded", "updating" })
        {
            Assert.Equal(expected.Values.Count(row => row.State == state), states.GetProperty(state).GetInt32());
        }

        var items = summary.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(50, items.Count);
        foreach (var item in items)
        {
            var want = expected[item.GetProperty("deviceId").GetString()!];
            Assert.Equal(want, (Text(item, "state"), Text(item, "result"), item.GetProperty("notifications").GetInt32()));
            Assert.Equal("firmware", Text(item, "kind"));
            if (want.Result is not null)
            {
                Assert.Equal((want.Result == "SUCCESS" ? "2.0" : "1.0", "2.0", "1.0"),
                    (Text(item, "currentVersion"), Text(item, "targetVersion"), Text(item, "sourceVersion")));
            }
        }
    }

    [Fact]
    public async Task ResultFollowedByALateStateChange_KeepsTheResult()
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();

        await client.PushOkAsync(StateChange(1, 2));
        await client.PushOkAsync(Result(1, success: true));
        await client.PushOkAsync(StateChange(1, 3));
        await app.Inbox.WaitUntilAsync(rows => rows.Count == 3 && rows.All(row => row.Status == "processed"));

        var row = (await client.GetJsonAsync("/api/devices/dev-01/upgrades")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("downloaded", "SUCCESS", "ok", "1", 3),
            (Text(row, "state"), Text(row, "result"), Text(row, "description"), Text(row, "upgradeTime"), row.GetProperty("notifications").GetInt32()));
    }

    [Fact]
    public async Task ReplayOfAProcessedRecord_LeavesTheTrackerUnchanged()
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();
        await client.PushOkAsync(StateChange(7, 1));
        var resultId = await client.PushOkAsync(Result(7, success: false));
        await app.Inbox.WaitUntilAsync(rows => rows.Count == 2 && rows.All(row => row.Status == "processed"));
        var before = (await client.GetJsonAsync("/api/devices/dev-07/upgrades")).GetRawText();

        var replay = await client.PostAsync($"/api/notifications/{resultId}/replay", null);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, replay.StatusCode);
        var replayed = await WaitForAsync(client, resultId, record => record.GetProperty("status").GetString() == "processed"
            && record.GetProperty("processedAt").ValueKind != JsonValueKind.Null);
        Assert.Equal(1, replayed.GetProperty("attempts").GetInt32());
        Assert.Equal(before, (await client.GetJsonAsync("/api/devices/dev-07/upgrades")).GetRawText());
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            var record = await client.GetJsonAsync($"/api/notifications/{id}");
            if (done(record))
            {
                return record;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"notification {id} did not get there");
    }

    private static string? Text(JsonElement item, string name) =>
        item.GetProperty(name).ValueKind == JsonValueKind.Null ? null : item.GetProperty(name).GetString();
}

public sealed class SqliteCampaignTests : CampaignTests
{
    protected override Task<TestStore> NewStoreAsync() => Task.FromResult<TestStore>(new SqliteTestStore());
}

public sealed class PostgresCampaignTests : CampaignTests
{
    protected override async Task<TestStore> NewStoreAsync() => await PostgresTestStore.CreateAsync();
}

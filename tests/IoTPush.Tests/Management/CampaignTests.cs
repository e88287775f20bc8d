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

    private static string Upgrade(string operation, string device, string kind, string? result, int step = 3) => (kind, result) switch
    {
        ("firmware", null) => $$"""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"{{device}}","appId":"a","operationId":"{{operation}}","subOperationId":"s-{{device}}","step":"{{step}}","stepDesc":"{{new[] { "idle", "downloading", "downloaded", "updating" }[step]}}"}""",
        ("firmware", _) => $$"""{"notifyType":"fwUpgradeResultNotify","deviceId":"{{device}}","appId":"a","operationId":"{{operation}}","subOperationId":"s-{{device}}","curVersion":"2","targetVersion":"2","sourceVersion":"1","status":"{{result}}","statusDesc":"","upgradeTime":"1"}""",
        (_, null) => $$"""{"notifyType":"swUpgradeStateChangeNotify","deviceId":"{{device}}","appId":"a","operationId":"{{operation}}","subOperationId":"s-{{device}}","swUpgradeState":"{{new[] { "idle", "downloading", "downloaded", "updating" }[step]}}"}""",
        _ => $$"""{"notifyType":"swUpgradeResultNotify","deviceId":"{{device}}","appId":"a","operationId":"{{operation}}","subOperationId":"s-{{device}}","curVersion":"2","targetVersion":"2","sourceVersion":"1","swUpgradeResult":"{{result}}","upgradeTime":"1","resultDesc":"","errorCode":"","description":""}""",
    };

    [Fact]
    public async Task Campaigns_AreListedMostRecentlyUpdatedFirst_WithTheirCounts_ByKindAndActivity_AndPaged()
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();
        // op-fw: firmware, finished (2 succeeded, 1 failed); op-sw: software, one still updating; op-mixed: both kinds.
        foreach (var body in new[]
        {
            Upgrade("op-fw", "d1", "firmware", null), Upgrade("op-fw", "d1", "firmware", "SUCCESS"),
            Upgrade("op-fw", "d2", "firmware", "SUCCESS"), Upgrade("op-fw", "d3", "firmware", "FAIL"),
            Upgrade("op-sw", "d1", "software", null, step: 1), Upgrade("op-sw", "d2", "software", "SUCCESS"),
            Upgrade("op-mixed", "d1", "firmware", null, step: 2), Upgrade("op-mixed", "d2", "software", "FAIL"),
        })
        {
            await client.PushOkAsync(body);
            await Task.Delay(5); // distinct times of receipt, so that the order is the order sent
        }

        await app.Inbox.WaitUntilAsync(rows => rows.Count == 8 && rows.All(row => row.Status == "processed"));
        var all = await client.GetJsonAsync("/api/upgrades");

        Assert.Equal(["op-mixed", "op-sw", "op-fw"], Operations(all));
        var fw = all.GetProperty("items")[2];
        Assert.Equal(("firmware", 3, 2, 1, 0), (fw.GetProperty("kind").GetString(), fw.GetProperty("devices").GetInt32(),
            fw.GetProperty("succeeded").GetInt32(), fw.GetProperty("failed").GetInt32(), fw.GetProperty("inProgress").GetInt32()));
        Assert.Equal(1, fw.GetProperty("states").GetProperty("updating").GetInt32());
        var sw = all.GetProperty("items")[1];
        Assert.Equal(("software", 1, 1), (sw.GetProperty("kind").GetString(), sw.GetProperty("inProgress").GetInt32(),
            sw.GetProperty("states").GetProperty("downloading").GetInt32()));
        Assert.Equal("mixed", all.GetProperty("items")[0].GetProperty("kind").GetString());
        Assert.Equal(["op-mixed", "op-sw"], Operations(await client.GetJsonAsync("/api/upgrades?active=true")));
        Assert.Equal(["op-fw"], Operations(await client.GetJsonAsync("/api/upgrades?active=false")));
        Assert.Equal(["op-sw"], Operations(await client.GetJsonAsync("/api/upgrades?kind=software")));
        Assert.Equal(["op-mixed"], Operations(await client.GetJsonAsync("/api/upgrades?kind=mixed")));

        var first = await client.GetJsonAsync("/api/upgrades?limit=2");
        var second = await client.GetJsonAsync($"/api/upgrades?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        Assert.Equal(["op-mixed", "op-sw", "op-fw"], Operations(first).Concat(Operations(second)));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        await client.GetJsonAsync("/api/upgrades?kind=other", System.Net.HttpStatusCode.BadRequest);
        await client.GetJsonAsync("/api/upgrades?active=maybe", System.Net.HttpStatusCode.BadRequest);

        var failed = await client.GetJsonAsync("/api/upgrades/op-fw?result=FAIL");
        Assert.Equal(["d3"], failed.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("deviceId").GetString()));
        Assert.Equal(3, failed.GetProperty("devices").GetInt32());
        var updating = await client.GetJsonAsync("/api/upgrades/op-sw?state=downloading&result=none");
        Assert.Equal(["d1"], updating.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("deviceId").GetString()));
    }

    [Fact]
    public async Task CampaignCounts_AlwaysEqualTheCountsOverTheirRows_ThroughShuffledRepeatedAndReplayedPushes()
    {
        await using var store = await NewStoreAsync();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();
        var random = new Random(15);
        var bodies = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            var operation = $"op-{random.Next(4)}";
            var device = $"d{random.Next(15)}";
            var kind = random.Next(3) == 0 ? "software" : "firmware";
            bodies.Add(Upgrade(operation, device, kind, random.Next(3) == 0 ? (random.Next(2) == 0 ? "SUCCESS" : "FAIL") : null, random.Next(4)));
        }

        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(bodies.Concat(bodies.Take(30)).OrderBy(_ => random.Next()).Select(async body => ids.Add(await client.PushOkAsync(body))));
        await app.Inbox.WaitUntilAsync(rows => rows.All(row => row.Status == "processed"));
        foreach (var id in ids.Distinct().Take(10))
        {
            await client.PostAsync($"/api/notifications/{id}/replay", null);
        }

        await app.Inbox.WaitUntilAsync(rows => rows.All(row => row.Status == "processed"));

        foreach (var campaign in (await client.GetJsonAsync("/api/upgrades")).GetProperty("items").EnumerateArray())
        {
            var operation = campaign.GetProperty("operationId").GetString();
            var rows = (await client.GetJsonAsync($"/api/upgrades/{operation}?limit=1000")).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(rows.Count, campaign.GetProperty("devices").GetInt32());
            Assert.Equal(rows.Count(row => row.GetProperty("result").GetString() == "SUCCESS"), campaign.GetProperty("succeeded").GetInt32());
            Assert.Equal(rows.Count(row => row.GetProperty("result").GetString() == "FAIL"), campaign.GetProperty("failed").GetInt32());
            foreach (var state in new[] { "idle", "downloading", "downloaded", "updating" })
            {
                Assert.Equal(rows.Count(row => row.GetProperty("state").GetString() == state), campaign.GetProperty("states").GetProperty(state).GetInt32());
            }

            var kinds = rows.Select(row => row.GetProperty("kind").GetString()).Distinct().ToList();
            Assert.Equal(kinds.Count == 2 ? "mixed" : kinds[0], campaign.GetProperty("kind").GetString());
            Assert.Equal(rows.Max(row => row.GetProperty("updatedAt").GetDateTime()), campaign.GetProperty("updatedAt").GetDateTime());
            Assert.Equal(rows.Min(row => row.GetProperty("firstSeenAt").GetDateTime()), campaign.GetProperty("firstSeenAt").GetDateTime());
        }
    }

    private static List<string?> Operations(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("operationId").GetString()).ToList();

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

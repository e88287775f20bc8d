using System.Net;
using System.Text.Json;
using IoTPush.Inbox;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IoTPush.Tests.Security;

/// <summary>No push can make another fail: hostile values are refused one by one, never with their batch.</summary>
public abstract class IsolationTests
{
    protected abstract Task<TestStore> NewStoreAsync();

    private static string StateChange(string deviceId, string appId = "app") =>
        $$"""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":{{JsonSerializer.Serialize(deviceId)}},"appId":{{JsonSerializer.Serialize(appId)}},"operationId":"op","subOperationId":"s","step":"1","stepDesc":"downloading"}""";

    [Fact]
    public async Task GroupCommit_APushTheStoreRefuses_IsAnswered400Alone_TheOthersAreStored_AndReadinessStays()
    {
        FaultyInboxStore? faulty = null;
        await using var store = await NewStoreAsync();
        await using var app = new IoTPushApplication(store)
        {
            Settings = { ["Storage:MaxBatchDelay"] = "00:00:00.020" },
            ConfigureServices = services => services.AddSingleton<IInboxStore>(provider => faulty = FaultyInboxStore.Wrapping(provider)),
        };
        var client = app.CreateClient();
        await client.GetAsync("/health/live");
        faulty!.RefuseDevice = "dev-refused";

        var answers = await Task.WhenAll(Enumerable.Range(0, 80).Select(async i =>
        {
            var device = i % 20 == 7 ? "dev-refused" : $"dev-{i}";
            var response = await client.PushAsync(StateChange(device, appId: $"app-{i}"));
            return (Device: device, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers.Where(answer => answer.Device == "dev-refused"), answer =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains("refused", answer.Body, StringComparison.Ordinal);
        });
        Assert.All(answers.Where(answer => answer.Device != "dev-refused"), answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(76, store.Inbox.Rows().Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task HostileIdentifiers_Answer400NamingTheField_WhileTheValidPushesBesideThemAreStored()
    {
        await using var store = await NewStoreAsync();
        await using var app = new IoTPushApplication(store) { Settings = { ["Storage:MaxBatchDelay"] = "00:00:00.010" } };
        var client = app.CreateClient();
        (string Body, string Field)[] hostile =
        [
            (StateChange("dev\u0000nul"), "deviceId"),
            (StateChange("dev", appId: "a\u001fb"), "appId"),
            (StateChange("dev\u007f"), "deviceId"),
            ("""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"\ud800","appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading"}""", "deviceId"),
            ("""{"notifyType":"fwUpgrade\u0000StateChangeNotify","deviceId":"d"}""", "notifyType"),
            ("""{"notifyType":"\udc00","deviceId":"d"}""", "notifyType"),
            ("""{"notifyType":"fwUpgradeResultNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","curVersion":"\ud800","targetVersion":"1","sourceVersion":"1","status":"FAIL","statusDesc":"","upgradeTime":"1"}""", "curVersion"),
        ];

        var valid = Enumerable.Range(0, 60).Select(i => StateChange($"valid-{i}")).ToList();
        var hostileAnswers = Task.WhenAll(Enumerable.Range(0, 6).SelectMany(_ => hostile).Select(async item => (item.Field, Response: await client.PushAsync(item.Body))));
        var validAnswers = await Task.WhenAll(valid.Select(body => client.PushAsync(body)));

        Assert.All(validAnswers, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var (field, response) in await hostileAnswers)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal([field], await response.ErrorFieldsAsync());
        }

        Assert.Equal(60, store.Inbox.Rows().Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Theory]
    [InlineData("""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading","x\ud800":1}""", "processed")]
    [InlineData("""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d2","appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading","extra":["\udfff"]}""", "processed")]
    [InlineData("""{"notifyType":"deviceDataChanged","deviceId":"d3","gatewayId":"g","service":{"serviceId":"s","serviceType":"t","data":{"k\ud800":"\ud800"},"eventTime":"1"}}""", "processed")]
    [InlineData("""{"notifyType":"someOtherType","deviceId":"\ud800","\udc00":{"\ud800":"\ud800"}}""", "unhandled")]
    public async Task LoneSurrogatesOutsideTypedFields_AreStoredAsReceived_Deduplicated_AndDispatched(string body, string finalStatus)
    {
        await using var store = await NewStoreAsync();
        await using var app = new IoTPushApplication(store);
        var client = app.CreateClient();

        var first = await client.PushAsync(body);
        var again = await client.PushAsync(body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var id = (await first.JsonAsync()).GetProperty("id").GetString()!;
        Assert.Equal((id, true), ((await again.JsonAsync()).GetProperty("id").GetString(), (await again.JsonAsync()).GetProperty("duplicate").GetBoolean()));
        var rows = await store.Inbox.WaitUntilAsync(rows => rows.Single().Status == finalStatus);
        Assert.Equal(body, rows.Single().Body);
    }
}

public sealed class SqliteIsolationTests : IsolationTests
{
    protected override Task<TestStore> NewStoreAsync() => Task.FromResult<TestStore>(new SqliteTestStore());
}

public sealed class PostgresIsolationTests : IsolationTests
{
    protected override async Task<TestStore> NewStoreAsync() => await PostgresTestStore.CreateAsync();
}

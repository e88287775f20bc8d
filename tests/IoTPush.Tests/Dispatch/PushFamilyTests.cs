using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using IoTPush.Dispatch;
using IoTPush.Notifications;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IoTPush.Tests.Dispatch;

/// <summary>Every type of the push family, end to end: accepted, stored as pending, handed to its own method once.</summary>
public sealed class PushFamilyTests
{
    /// <summary>The SDK's handler for each notifyType, by the names the platform's SDKs give them.</summary>
    private static readonly Dictionary<string, string> Handlers = new()
    {
        ["deviceAdded"] = "HandleDeviceAddedAsync",
        ["bindDevice"] = "HandleBindDeviceAsync",
        ["deviceInfoChanged"] = "HandleDeviceInfoChangedAsync",
        ["deviceDataChanged"] = "HandleDeviceDataChangedAsync",
        ["deviceDatasChanged"] = "HandleDeviceDatasChangedAsync",
        ["serviceInfoChanged"] = "HandleServiceInfoChangedAsync",
        ["deviceDeleted"] = "HandleDeviceDeletedAsync",
        ["messageConfirm"] = "HandleMessageConfirmAsync",
        ["commandRsp"] = "HandleCommandRspAsync",
        ["deviceEvent"] = "HandleDeviceEventAsync",
        ["deviceModelAdded"] = "HandleDeviceModelAddedAsync",
        ["deviceModelDeleted"] = "HandleDeviceModelDeletedAsync",
        ["ruleEvent"] = "HandleRuleEventAsync",
        ["deviceDesiredPropertiesModifyStatusChanged"] = "HandleDeviceDesiredStatusChangedAsync",
        ["swUpgradeStateChangeNotify"] = "HandleSwUpgradeStateChangedAsync",
        ["swUpgradeResultNotify"] = "HandleSwUpgradeResultAsync",
        ["fwUpgradeStateChangeNotify"] = "HandleFwUpgradeStateChangedAsync",
        ["fwUpgradeResultNotify"] = "HandleFwUpgradeResultAsync",
        ["nbCommandStateChanged"] = "HandleNBCommandStateChangedAsync",
    };

    /// <summary>Overrides every method and records which was called for which stored push.</summary>
    private sealed class EveryMethod : PushMessageReceiver
    {
        public ConcurrentQueue<(string Method, string InboxId, Notification Notification)> Calls { get; } = new();

        protected override Task HandleDeviceAddedAsync(DeviceAddedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleBindDeviceAsync(BindDeviceNotification n, PushContext c) => Record(n, c);
        protected override Task HandleDeviceInfoChangedAsync(DeviceInfoChangedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleDeviceDataChangedAsync(DeviceDataChangedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleDeviceDatasChangedAsync(DeviceDatasChangedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleServiceInfoChangedAsync(ServiceInfoChangedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleDeviceDeletedAsync(DeviceDeletedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleMessageConfirmAsync(MessageConfirmNotification n, PushContext c) => Record(n, c);
        protected override Task HandleCommandRspAsync(CommandRspNotification n, PushContext c) => Record(n, c);
        protected override Task HandleDeviceEventAsync(DeviceEventNotification n, PushContext c) => Record(n, c);
        protected override Task HandleDeviceModelAddedAsync(DeviceModelAddedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleDeviceModelDeletedAsync(DeviceModelDeletedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleRuleEventAsync(RuleEventNotification n, PushContext c) => Record(n, c);
        protected override Task HandleDeviceDesiredStatusChangedAsync(DeviceDesiredStatusChangedNotification n, PushContext c) => Record(n, c);
        protected override Task HandleSwUpgradeStateChangedAsync(SwUpgradeStateChangeNotification n, PushContext c) => Record(n, c);
        protected override Task HandleSwUpgradeResultAsync(SwUpgradeResultNotification n, PushContext c) => Record(n, c);
        protected override Task HandleFwUpgradeStateChangedAsync(FwUpgradeStateChangeNotification n, PushContext c) => Record(n, c);
        protected override Task HandleFwUpgradeResultAsync(FwUpgradeResultNotification n, PushContext c) => Record(n, c);
        protected override Task HandleNBCommandStateChangedAsync(NBCommandStateChangedNotification n, PushContext c) => Record(n, c);

        private Task Record(Notification notification, PushContext context, [CallerMemberName] string method = "")
        {
            Calls.Enqueue((method, context.Id, notification));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task EveryValidFixture_IsStoredPending_AndReachesTheHandlerOfItsTypeExactlyOnce()
    {
        var receiver = new EveryMethod();
        await using var app = new IoTPushApplication { ConfigureServices = services => services.AddSingleton<PushMessageReceiver>(receiver) };
        var client = app.CreateClient();
        var fixtures = Payloads.Valid().Select(row => row.Data).ToList();

        var stored = new Dictionary<string, string>();
        foreach (var fixture in fixtures)
        {
            var response = await client.PushFixtureAsync(fixture);
            Assert.True(response.IsSuccessStatusCode, $"{fixture}: {await response.Content.ReadAsStringAsync()}");
            stored[(await response.JsonAsync()).GetProperty("id").GetString()!] = fixture;
        }

        var rows = await app.Inbox.WaitUntilAsync(rows => rows.Count == stored.Count && rows.All(row => row.Status == "processed"));

        Assert.Equal(Handlers.Keys.Order(), fixtures.Select(Payloads.NotifyType).Distinct().Order());
        foreach (var (id, fixture) in stored)
        {
            var notifyType = Payloads.NotifyType(fixture);
            Assert.Equal(notifyType, rows.Single(row => row.Id == id).NotifyType);
            var call = Assert.Single(receiver.Calls, call => call.InboxId == id);
            Assert.Equal(Handlers[notifyType], call.Method);
            Assert.Equal(notifyType, call.Notification.NotifyType);
        }
    }

    [Fact]
    public async Task DeviceDataChanged_ReachesAnOverriddenHandlerWithItsServiceData()
    {
        var receiver = new EveryMethod();
        await using var app = new IoTPushApplication { ConfigureServices = services => services.AddSingleton<PushMessageReceiver>(receiver) };

        var response = await app.CreateClient().PushAsync(PushFamily.All.Find("deviceDataChanged")!.Example);
        var id = (await response.JsonAsync()).GetProperty("id").GetString()!;
        await app.Inbox.WaitUntilAsync(rows => rows.Single(row => row.Id == id).Status == "processed");

        var data = Assert.IsType<DeviceDataChangedNotification>(Assert.Single(receiver.Calls).Notification);
        Assert.Equal(("4c1a8b6e-2f7d-4a51-9c3e-1d2b3c4d5e6f", null, "WaterMeter"), (data.DeviceId, data.RequestId, data.Service.ServiceId));
        Assert.Equal(4294967295, data.Service.Data.GetProperty("totalFlow").GetInt64());
    }

    [Fact]
    public void EveryTypeOfTheFamily_HasAnExampleThatItsValidatorAccepts()
    {
        var reader = new ServiceCollection().AddNotificationReader().BuildServiceProvider().GetRequiredService<IoTPush.Receiving.NotificationReader>();

        foreach (var type in PushFamily.All)
        {
            using var json = System.Text.Json.JsonDocument.Parse(type.Example);
            var implied = type.NotifyType == NotifyTypes.NBCommandStateChanged ? type.NotifyType : null;
            var document = IoTPush.Receiving.PushDocument.Read(json.RootElement, implied).Document!;
            Assert.Null(reader.Validate(document));
            Assert.IsType(type.NotificationType, reader.Read(document));
        }
    }
}

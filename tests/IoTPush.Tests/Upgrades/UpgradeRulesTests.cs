using IoTPush.Dispatch;
using IoTPush.Inbox;
using IoTPush.Notifications;
using IoTPush.Service.Upgrades;
using Xunit;

namespace IoTPush.Tests.Upgrades;

public sealed class UpgradeRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Pushes as received: the n-th has the n-th id and arrives n seconds after the start.</summary>
    private static List<TrackedPush> Received(params UpgradeNotification[] notifications) =>
        notifications.Select((notification, i) => new TrackedPush(notification,
            new PushContext(SortableId.Next(Start.AddSeconds(i)), Start.AddSeconds(i), 1, CancellationToken.None))).ToList();

    private static FwUpgradeStateChangeNotification Step(string step) => new()
    {
        DeviceId = "dev-1", AppId = "app", OperationId = "op", SubOperationId = "sub",
        Step = step, StepDesc = UpgradeStates.ForStep(step)!,
    };

    private static FwUpgradeResultNotification Result(string status) => new()
    {
        DeviceId = "dev-1", AppId = "app", OperationId = "op", SubOperationId = "sub",
        CurVersion = "1.6", TargetVersion = "1.6", SourceVersion = "1.3", Status = status, StatusDesc = "done", UpgradeTime = "42",
    };

    private static UpgradeRow? ApplyAll(IEnumerable<TrackedPush> pushes) =>
        pushes.Aggregate((UpgradeRow?)null, (row, push) => UpgradeRules.Apply(row, push));

    [Fact]
    public void StateChanges_LastReceivedWins_WhateverOrderTheyAreApplied()
    {
        var pushes = Received(Step("1"), Step("2"), Step("3"));

        var inOrder = ApplyAll(pushes)!;
        var reversed = ApplyAll(Enumerable.Reverse(pushes))!;

        Assert.Equal("updating", inOrder.State);
        Assert.Equal(inOrder, reversed);
    }

    [Fact]
    public void Result_IsFinal_AgainstAStateChangeReceivedAfterIt()
    {
        var row = ApplyAll(Received(Step("2"), Result("SUCCESS"), Step("1")))!;

        Assert.Equal(("downloaded", "SUCCESS", "1.6", "1.3", "done", "42", 3),
            (row.State, row.Result, row.CurrentVersion, row.SourceVersion, row.Description, row.UpgradeTime, row.Notifications));
    }

    [Fact]
    public void StateChangeReceivedBeforeTheResult_StillAppliesWhenDispatchedAfterIt()
    {
        var pushes = Received(Step("3"), Result("FAIL"));

        var row = ApplyAll([pushes[1], pushes[0]])!;

        Assert.Equal(("updating", "FAIL"), (row.State, row.Result));
    }

    [Fact]
    public void Row_KeepsFirstSeenAndLastUpdatedAndKind()
    {
        var row = ApplyAll(Received(Step("0"), Step("1")))!;

        Assert.Equal((Start, Start.AddSeconds(1), UpgradeKinds.Firmware), (row.FirstSeenAt, row.UpdatedAt, row.Kind));
    }

    [Fact]
    public void SoftwareResult_KeepsErrorCodeAndBothDescriptions()
    {
        var row = ApplyAll(Received(new SwUpgradeResultNotification
        {
            DeviceId = "dev-1", AppId = "app", OperationId = "op", SubOperationId = "sub", CurVersion = "1.0", TargetVersion = "1.5",
            SourceVersion = "1.0", SwUpgradeResult = "FAIL", UpgradeTime = "t", ResultDesc = "download failed", ErrorCode = "5",
            Description = "out of storage",
        }))!;

        Assert.Equal((UpgradeKinds.Software, "FAIL", "5", "download failed", "out of storage", (string?)null),
            (row.Kind, row.Result, row.ErrorCode, row.Description, row.ErrorDescription, row.State));
    }
}

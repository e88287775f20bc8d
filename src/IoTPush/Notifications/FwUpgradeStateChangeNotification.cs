using System.ComponentModel.DataAnnotations;

namespace IoTPush.Notifications;

/// <summary><c>fwUpgradeStateChangeNotify</c>: a device's firmware upgrade moved to another step.</summary>
public sealed record FwUpgradeStateChangeNotification : UpgradeNotification
{
    public override string NotifyType => NotifyTypes.FwUpgradeStateChange;

    /// <summary>The step of the LwM2M firmware update: "0" idle, "1" downloading, "2" downloaded, "3" updating.</summary>
    [AllowedValues("0", "1", "2", "3")]
    public required string Step { get; init; }

    /// <summary>The step's name, which must agree with <c>step</c>.</summary>
    [AllowedValues(UpgradeStates.Idle, UpgradeStates.Downloading, UpgradeStates.Downloaded, UpgradeStates.Updating)]
    public required string StepDesc { get; init; }
}

using System.ComponentModel.DataAnnotations;

namespace IoTPush.Notifications;

/// <summary><c>swUpgradeStateChangeNotify</c>: a device's software upgrade moved to another state.</summary>
public sealed record SwUpgradeStateChangeNotification : UpgradeNotification
{
    public override string NotifyType => NotifyTypes.SwUpgradeStateChange;

    /// <summary>The state the upgrade is in now.</summary>
    [AllowedValues(UpgradeStates.Idle, UpgradeStates.Downloading, UpgradeStates.Downloaded, UpgradeStates.Updating)]
    public required string SwUpgradeState { get; init; }
}

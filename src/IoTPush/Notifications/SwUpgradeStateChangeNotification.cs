namespace IoTPush.Notifications;

/// <summary><c>swUpgradeStateChangeNotify</c>: a device's software upgrade moved to another state.</summary>
public sealed record SwUpgradeStateChangeNotification : UpgradeNotification
{
    public override string NotifyType => NotifyTypes.SwUpgradeStateChange;

    /// <summary>idle, downloading, downloaded or updating.</summary>
    public required string SwUpgradeState { get; init; }
}

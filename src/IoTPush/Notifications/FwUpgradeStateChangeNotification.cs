namespace IoTPush.Notifications;

/// <summary><c>fwUpgradeStateChangeNotify</c>: a device's firmware upgrade moved to another step.</summary>
public sealed record FwUpgradeStateChangeNotification : UpgradeNotification
{
    public override string NotifyType => NotifyTypes.FwUpgradeStateChange;

    /// <summary>"0" idle, "1" downloading, "2" downloaded, "3" updating.</summary>
    public required string Step { get; init; }

    /// <summary>idle, downloading, downloaded or updating; agrees with <see cref="Step"/>.</summary>
    public required string StepDesc { get; init; }
}

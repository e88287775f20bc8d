namespace IoTPush.Notifications;

/// <summary><c>swUpgradeResultNotify</c>: a device's software upgrade finished.</summary>
public sealed record SwUpgradeResultNotification : UpgradeNotification
{
    public override string NotifyType => NotifyTypes.SwUpgradeResult;
    public required string CurVersion { get; init; }
    public required string TargetVersion { get; init; }
    public required string SourceVersion { get; init; }

    /// <summary>SUCCESS or FAIL.</summary>
    public required string SwUpgradeResult { get; init; }
    public required string UpgradeTime { get; init; }
    public required string ResultDesc { get; init; }
    public required string ErrorCode { get; init; }
    public required string Description { get; init; }
}

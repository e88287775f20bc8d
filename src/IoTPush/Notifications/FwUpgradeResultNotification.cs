namespace IoTPush.Notifications;

/// <summary><c>fwUpgradeResultNotify</c>: a device's firmware upgrade finished.</summary>
public sealed record FwUpgradeResultNotification : UpgradeNotification
{
    public override string NotifyType => NotifyTypes.FwUpgradeResult;
    public required string CurVersion { get; init; }
    public required string TargetVersion { get; init; }
    public required string SourceVersion { get; init; }

    /// <summary>SUCCESS or FAIL. Some editions of the spec write it <c>$Status</c>.</summary>
    public required string Status { get; init; }
    public required string StatusDesc { get; init; }

    /// <summary>As sent: a time stamp in some editions of the spec, a duration in others.</summary>
    public required string UpgradeTime { get; init; }
}

namespace IoTPush.Notifications;

/// <summary>
/// <c>deviceInfoChanged</c>: a device's description changed. The platform sends what changed: a status-only
/// change is <c>{"status":"ONLINE"}</c> with every other field null.
/// </summary>
public sealed record DeviceInfoChangedNotification : Notification
{
    public override string NotifyType => NotifyTypes.DeviceInfoChanged;

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The gateway the device is attached through.</summary>
    public required string GatewayId { get; init; }

    /// <summary>What changed; any field, nodeId included, may be null.</summary>
    public required DeviceInfo DeviceInfo { get; init; }
}

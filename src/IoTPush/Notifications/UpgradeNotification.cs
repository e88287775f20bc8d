namespace IoTPush.Notifications;

/// <summary>The fields every device-upgrade notification carries.</summary>
public abstract record UpgradeNotification
{
    public abstract string NotifyType { get; }
    public required string DeviceId { get; init; }
    public required string AppId { get; init; }
    public required string OperationId { get; init; }
    public required string SubOperationId { get; init; }
}

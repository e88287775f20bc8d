namespace IoTPush.Notifications;

/// <summary><c>deviceDeleted</c>: a device was deleted from the application.</summary>
public sealed record DeviceDeletedNotification : Notification
{
    public override string NotifyType => NotifyTypes.DeviceDeleted;

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The gateway the device was attached through.</summary>
    public required string GatewayId { get; init; }
}

namespace IoTPush.Notifications;

/// <summary>The fields of a device-model (profile) notification.</summary>
public abstract record DeviceModelNotification : Notification
{
    /// <summary>The application the model belongs to.</summary>
    public required string AppId { get; init; }

    /// <summary>The device type of the model.</summary>
    public required string DeviceType { get; init; }

    public required string ManufacturerName { get; init; }

    public required string ManufacturerId { get; init; }

    /// <summary>The model's name.</summary>
    public required string Model { get; init; }

    /// <summary>How devices of this model talk to the platform, e.g. CoAP or LWM2M.</summary>
    public required string ProtocolType { get; init; }
}

/// <summary><c>deviceModelAdded</c>: a device model (profile) was added.</summary>
public sealed record DeviceModelAddedNotification : DeviceModelNotification
{
    public override string NotifyType => NotifyTypes.DeviceModelAdded;
}

/// <summary><c>deviceModelDeleted</c>: a device model (profile) was deleted.</summary>
public sealed record DeviceModelDeletedNotification : DeviceModelNotification
{
    public override string NotifyType => NotifyTypes.DeviceModelDeleted;
}

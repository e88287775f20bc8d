namespace IoTPush.Notifications;

/// <summary><c>serviceInfoChanged</c>: the settings of one of a device's services changed.</summary>
public sealed record ServiceInfoChangedNotification : Notification
{
    public override string NotifyType => NotifyTypes.ServiceInfoChanged;

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The gateway the device is attached through.</summary>
    public required string GatewayId { get; init; }

    /// <summary>The service, as named in the device's profile.</summary>
    public required string ServiceId { get; init; }

    /// <summary>The service's type in the device's profile.</summary>
    public required string ServiceType { get; init; }

    /// <summary>The service's settings.</summary>
    public required ServiceInfo ServiceInfo { get; init; }
}

/// <summary>A service's settings.</summary>
public sealed record ServiceInfo
{
    /// <summary>The commands of the service that are muted.</summary>
    public IReadOnlyList<string>? MuteCmds { get; init; }
}

namespace IoTPush.Notifications;

/// <summary>
/// A device's description (<c>deviceInfo</c>). Only <c>nodeId</c> is mandatory, and only where a device
/// is announced (<c>deviceAdded</c>, <c>bindDevice</c>): on <c>deviceInfoChanged</c> the platform sends what
/// changed, and every other field, the node id included, may be null.
/// </summary>
public sealed record DeviceInfo
{
    /// <summary>The device's own identifier (IMEI, MAC or serial number), as the device reports it.</summary>
    public string? NodeId { get; init; }

    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? ManufacturerId { get; init; }
    public string? ManufacturerName { get; init; }
    public string? Mac { get; init; }
    public string? Location { get; init; }

    /// <summary>The device type of its profile.</summary>
    public string? DeviceType { get; init; }

    /// <summary>The device model of its profile.</summary>
    public string? Model { get; init; }

    public string? SwVersion { get; init; }
    public string? FwVersion { get; init; }
    public string? HwVersion { get; init; }

    /// <summary>How the device talks to the platform, e.g. CoAP or LWM2M.</summary>
    public string? ProtocolType { get; init; }

    public string? BridgeId { get; init; }

    /// <summary>ONLINE, OFFLINE, ABNORMAL or INACTIVE (not checked: other values are kept as sent).</summary>
    public string? Status { get; init; }

    public string? StatusDetail { get; init; }
    public string? Mute { get; init; }
    public string? SupportedSecurity { get; init; }
    public string? IsSecurity { get; init; }
    public string? SignalStrength { get; init; }
    public string? SigVersion { get; init; }
    public string? SerialNumber { get; init; }
    public string? BatteryLevel { get; init; }
}

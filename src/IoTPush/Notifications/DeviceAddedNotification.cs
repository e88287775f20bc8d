using System.ComponentModel.DataAnnotations;

namespace IoTPush.Notifications;

/// <summary><c>deviceAdded</c>: a device was added to the application.</summary>
public sealed record DeviceAddedNotification : Notification
{
    public override string NotifyType => NotifyTypes.DeviceAdded;

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The gateway the device is attached through (for a directly connected device, itself).</summary>
    public string? GatewayId { get; init; }

    /// <summary>What kind of node the device is.</summary>
    [AllowedValues("ENDPOINT", "GATEWAY", "UNKNOWN")]
    public required string NodeType { get; init; }

    /// <summary>The device's description; its nodeId is mandatory here.</summary>
    public required DeviceInfo DeviceInfo { get; init; }
}

using System.ComponentModel.DataAnnotations;

namespace IoTPush.Notifications;

/// <summary><c>deviceDataChanged</c>: a device reported one service's data (a report of several is several pushes).</summary>
public sealed record DeviceDataChangedNotification : Notification
{
    public override string NotifyType => NotifyTypes.DeviceDataChanged;

    /// <summary>The report's request id (1 to 128 characters); null in the platform's real pushes.</summary>
    [MinLength(1), MaxLength(128)]
    public string? RequestId { get; init; }

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The gateway the device is attached through.</summary>
    public required string GatewayId { get; init; }

    /// <summary>The service's data.</summary>
    public required ServiceData Service { get; init; }
}

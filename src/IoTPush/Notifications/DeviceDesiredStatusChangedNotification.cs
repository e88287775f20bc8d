using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace IoTPush.Notifications;

/// <summary>
/// <c>deviceDesiredPropertiesModifyStatusChanged</c>: desired properties set for a device were delivered to it,
/// or could not be.
/// </summary>
public sealed record DeviceDesiredStatusChangedNotification : Notification
{
    public override string NotifyType => NotifyTypes.DeviceDesiredStatusChanged;

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The service the properties belong to.</summary>
    public required string ServiceId { get; init; }

    /// <summary>The desired properties, as sent.</summary>
    public required JsonElement Properties { get; init; }

    [AllowedValues("DELIVERED", "FAILED")]
    public required string Status { get; init; }
}

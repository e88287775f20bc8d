using System.ComponentModel.DataAnnotations;

namespace IoTPush.Notifications;

/// <summary><c>bindDevice</c>: a device connected and was bound to the platform, or its binding window expired.</summary>
public sealed record BindDeviceNotification : Notification
{
    public override string NotifyType => NotifyTypes.BindDevice;

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Whether the binding succeeded or expired.</summary>
    [AllowedValues("expired", "succeeded")]
    public required string ResultCode { get; init; }

    /// <summary>The device's description, when the platform sends one.</summary>
    public DeviceInfo? DeviceInfo { get; init; }
}

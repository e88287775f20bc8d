using System.ComponentModel.DataAnnotations;
using IoTPush.Validation;

namespace IoTPush.Notifications;

/// <summary>The fields every device-upgrade notification carries; these feed the upgrade tracker.</summary>
public abstract record UpgradeNotification : Notification
{
    /// <summary>The device that is being upgraded.</summary>
    [MinLength(1), MaxLength(WireRules.MaxIdentifierLength)]
    public required string DeviceId { get; init; }

    /// <summary>The application the device belongs to.</summary>
    [MinLength(1), MaxLength(WireRules.MaxIdentifierLength)]
    public required string AppId { get; init; }

    /// <summary>The upgrade task (the campaign).</summary>
    [MinLength(1), MaxLength(WireRules.MaxIdentifierLength)]
    public required string OperationId { get; init; }

    /// <summary>The upgrade sub-task: this device's part of the task.</summary>
    [MinLength(1), MaxLength(WireRules.MaxIdentifierLength)]
    public required string SubOperationId { get; init; }
}

using System.Text.Json;

namespace IoTPush.Notifications;

/// <summary>
/// The NB-IoT command-status callback: a command to a device moved to another state. Its body carries no
/// notifyType; it arrives on <c>/v1.0.0/messageReceiver/cmd</c> and is stored as <c>nbCommandStateChanged</c>.
/// </summary>
public sealed record NBCommandStateChangedNotification : Notification
{
    public override string NotifyType => NotifyTypes.NBCommandStateChanged;

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The command's id.</summary>
    public required string CommandId { get; init; }

    public required CommandResult Result { get; init; }
}

/// <summary>Where a command stands.</summary>
public sealed record CommandResult
{
    /// <summary>
    /// The command's state: SENT, DELIVERED, SUCCESSFUL, FAILED and TIMEOUT are seen; PENDING, EXPIRED and CANCELED
    /// exist too. Not checked against a list: the platform may add states.
    /// </summary>
    public required string ResultCode { get; init; }

    /// <summary>The device's answer, as sent; null in the platform's own example.</summary>
    public JsonElement? ResultDetail { get; init; }
}

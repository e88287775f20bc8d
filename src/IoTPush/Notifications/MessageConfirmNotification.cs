using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace IoTPush.Notifications;

/// <summary><c>messageConfirm</c>: how far a message to a device (through a gateway) has got.</summary>
public sealed record MessageConfirmNotification : Notification
{
    public override string NotifyType => NotifyTypes.MessageConfirm;

    public required MessageConfirmHeader Header { get; init; }

    /// <summary>The confirmation's content, as sent.</summary>
    public required JsonElement Body { get; init; }
}

/// <summary>The header of a <c>messageConfirm</c>.</summary>
public sealed record MessageConfirmHeader
{
    /// <summary>The message's request id.</summary>
    public required string RequestId { get; init; }

    /// <summary>Who sent the confirmation, e.g. <c>/devices/{deviceId}/services/{serviceId}</c>.</summary>
    public required string From { get; init; }

    /// <summary>Who it is for.</summary>
    public required string To { get; init; }

    /// <summary>How far the message got.</summary>
    [AllowedValues("sent", "delivered", "executed")]
    public required string Status { get; init; }

    /// <summary>When, UTC as <c>yyyyMMdd'T'HHmmss'Z'</c>.</summary>
    public required string Timestamp { get; init; }
}

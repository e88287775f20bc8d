using System.Text.Json;

namespace IoTPush.Notifications;

/// <summary><c>deviceEvent</c>: a device reported an event.</summary>
public sealed record DeviceEventNotification : Notification
{
    public override string NotifyType => NotifyTypes.DeviceEvent;

    public required DeviceEventHeader Header { get; init; }

    /// <summary>The event's content, as sent, when there is one.</summary>
    public JsonElement? Body { get; init; }
}

/// <summary>The header of a <c>deviceEvent</c>.</summary>
public sealed record DeviceEventHeader
{
    /// <summary>What kind of event.</summary>
    public required string EventType { get; init; }

    /// <summary>Where it comes from, e.g. <c>/devices/{deviceId}/services/{serviceId}</c>.</summary>
    public required string From { get; init; }

    /// <summary>When the platform sent it, UTC as <c>yyyyMMdd'T'HHmmss'Z'</c>.</summary>
    public required string Timestamp { get; init; }

    /// <summary>When it happened, UTC as <c>yyyyMMdd'T'HHmmss'Z'</c>.</summary>
    public required string EventTime { get; init; }

    /// <summary>The device it happened on.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The service type it belongs to.</summary>
    public required string ServiceType { get; init; }
}

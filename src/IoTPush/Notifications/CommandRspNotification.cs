using System.Text.Json;

namespace IoTPush.Notifications;

/// <summary><c>commandRsp</c>: a device answered a command.</summary>
public sealed record CommandRspNotification : Notification
{
    public override string NotifyType => NotifyTypes.CommandRsp;

    public required CommandRspHeader Header { get; init; }

    /// <summary>The device's answer, as sent.</summary>
    public required JsonElement Body { get; init; }
}

/// <summary>The header of a <c>commandRsp</c>.</summary>
public sealed record CommandRspHeader
{
    /// <summary>The command's request id.</summary>
    public required string RequestId { get; init; }

    /// <summary>Who answered, e.g. <c>/devices/{deviceId}/services/{serviceId}</c>.</summary>
    public required string From { get; init; }

    /// <summary>Who the answer is for.</summary>
    public required string To { get; init; }

    /// <summary>The device that answered.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The service type the command was for.</summary>
    public required string ServiceType { get; init; }

    /// <summary>The command.</summary>
    public required string Method { get; init; }
}

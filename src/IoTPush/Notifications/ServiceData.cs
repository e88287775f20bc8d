using System.Text.Json;

namespace IoTPush.Notifications;

/// <summary>One service's data as a device reported it (<c>service</c>, or an item of <c>services</c>).</summary>
public sealed record ServiceData
{
    /// <summary>The service, as named in the device's profile.</summary>
    public required string ServiceId { get; init; }

    /// <summary>The service's type in the device's profile.</summary>
    public required string ServiceType { get; init; }

    /// <summary>The reported values, shaped by the device's profile (numbers, strings, arrays), kept as sent.</summary>
    public required JsonElement Data { get; init; }

    /// <summary>When the device reported them, UTC as <c>yyyyMMdd'T'HHmmss'Z'</c> (e.g. 20151212T121212Z).</summary>
    public required string EventTime { get; init; }
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace IoTPush.Notifications;

/// <summary><c>deviceDatasChanged</c>: a device reported several services' data in one push.</summary>
public sealed record DeviceDatasChangedNotification : Notification
{
    public override string NotifyType => NotifyTypes.DeviceDatasChanged;

    /// <summary>The report's request id; mandatory in the docs, but null in every real push seen, so optional here.</summary>
    [MinLength(1), MaxLength(128)]
    public string? RequestId { get; init; }

    /// <summary>The device's id on the platform.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The gateway the device is attached through.</summary>
    public required string GatewayId { get; init; }

    /// <summary>Each service's data. One of the platform's own examples names this array <c>service</c>; that is read here too.</summary>
    public required IReadOnlyList<ServiceData> Services { get; init; }

    // The platform's example spelling, read into Services; never written.
    [JsonInclude, JsonPropertyName("service"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private IReadOnlyList<ServiceData>? ServiceSpelling
    {
        get => null;
        init => Services = value ?? Services;
    }
}

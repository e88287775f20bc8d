namespace IoTPush.Validation;

/// <summary>
/// A <c>deviceInfo</c>: every field is optional text, except <c>nodeId</c> where a device is announced. On
/// <c>deviceInfoChanged</c> the platform sends what changed, so there even <c>nodeId</c> may be null.
/// </summary>
public sealed class DeviceInfoValidator : WireObjectValidator
{
    private static readonly string[] OptionalFields =
    [
        "name", "description", "manufacturerId", "manufacturerName", "mac", "location", "deviceType", "model",
        "swVersion", "fwVersion", "hwVersion", "protocolType", "bridgeId", "status", "statusDetail", "mute",
        "supportedSecurity", "isSecurity", "signalStrength", "sigVersion", "serialNumber", "batteryLevel",
    ];

    private DeviceInfoValidator(bool announcesTheDevice)
    {
        Field("nodeId", rule => announcesTheDevice ? rule.Identifier() : rule.OptionalIdentifier());
        foreach (var field in OptionalFields)
        {
            Field(field, rule => rule.OptionalText());
        }
    }

    /// <summary>Where a device is announced (<c>deviceAdded</c>, <c>bindDevice</c>): nodeId is mandatory.</summary>
    public static DeviceInfoValidator Announced { get; } = new(announcesTheDevice: true);

    /// <summary>On <c>deviceInfoChanged</c>: only what changed, any field null.</summary>
    public static DeviceInfoValidator Changed { get; } = new(announcesTheDevice: false);
}

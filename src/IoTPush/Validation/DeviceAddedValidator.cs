using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class DeviceAddedValidator : NotificationValidator<DeviceAddedNotification>
{
    public DeviceAddedValidator()
    {
        Field("deviceId", rule => rule.Identifier());
        Field("gatewayId", rule => rule.OptionalIdentifier());
        Field("nodeType", rule => rule.OneOf(["ENDPOINT", "GATEWAY", "UNKNOWN"]));
        Field("deviceInfo", rule => rule.Object());
        Nested("deviceInfo", DeviceInfoValidator.Announced);
    }
}

using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class DeviceInfoChangedValidator : NotificationValidator<DeviceInfoChangedNotification>
{
    public DeviceInfoChangedValidator()
    {
        Field("deviceId", rule => rule.Identifier());
        Field("gatewayId", rule => rule.Identifier());
        Field("deviceInfo", rule => rule.Object());
        Nested("deviceInfo", DeviceInfoValidator.Changed);
    }
}

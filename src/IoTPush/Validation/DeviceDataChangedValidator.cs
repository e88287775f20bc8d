using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class DeviceDataChangedValidator : NotificationValidator<DeviceDataChangedNotification>
{
    public DeviceDataChangedValidator()
    {
        Field("requestId", rule => rule.OptionalIdentifier(maxLength: 128));
        Field("deviceId", rule => rule.Identifier());
        Field("gatewayId", rule => rule.Identifier());
        Field("service", rule => rule.Object());
        Nested("service", ServiceDataValidator.Instance);
    }
}

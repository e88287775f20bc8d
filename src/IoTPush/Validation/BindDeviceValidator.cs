using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class BindDeviceValidator : NotificationValidator<BindDeviceNotification>
{
    public BindDeviceValidator()
    {
        Field("deviceId", rule => rule.Identifier());
        Field("resultCode", rule => rule.OneOf(["expired", "succeeded"]));
        Field("deviceInfo", rule => rule.OptionalObject());
        Nested("deviceInfo", DeviceInfoValidator.Announced);
    }
}

using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class DeviceDesiredStatusChangedValidator : NotificationValidator<DeviceDesiredStatusChangedNotification>
{
    public DeviceDesiredStatusChangedValidator()
    {
        Field("deviceId", rule => rule.Identifier());
        Field("serviceId", rule => rule.Identifier());
        Field("properties", rule => rule.Object());
        Field("status", rule => rule.OneOf(["DELIVERED", "FAILED"]));
    }
}

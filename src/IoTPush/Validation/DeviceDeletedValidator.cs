using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class DeviceDeletedValidator : NotificationValidator<DeviceDeletedNotification>
{
    public DeviceDeletedValidator()
    {
        Field("deviceId", rule => rule.Identifier());
        Field("gatewayId", rule => rule.Identifier());
    }
}

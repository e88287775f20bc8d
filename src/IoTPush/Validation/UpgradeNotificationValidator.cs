using IoTPush.Notifications;

namespace IoTPush.Validation;

/// <summary>The identifiers every upgrade notification carries; each type adds its own fields.</summary>
public abstract class UpgradeNotificationValidator<TNotification> : NotificationValidator<TNotification>
    where TNotification : UpgradeNotification
{
    protected UpgradeNotificationValidator()
    {
        Field("deviceId", rule => rule.Identifier());
        Field("appId", rule => rule.Identifier());
        Field("operationId", rule => rule.Identifier());
        Field("subOperationId", rule => rule.Identifier());
    }
}

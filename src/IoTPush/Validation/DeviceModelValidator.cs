using IoTPush.Notifications;

namespace IoTPush.Validation;

/// <summary>The fields of a device-model notification, added or deleted alike.</summary>
public abstract class DeviceModelValidator<TNotification> : NotificationValidator<TNotification>
    where TNotification : DeviceModelNotification
{
    protected DeviceModelValidator()
    {
        Field("appId", rule => rule.Identifier());
        Field("deviceType", rule => rule.NonEmptyText());
        Field("manufacturerName", rule => rule.Text());
        Field("manufacturerId", rule => rule.NonEmptyText());
        Field("model", rule => rule.NonEmptyText());
        Field("protocolType", rule => rule.NonEmptyText());
    }
}

public sealed class DeviceModelAddedValidator : DeviceModelValidator<DeviceModelAddedNotification>;

public sealed class DeviceModelDeletedValidator : DeviceModelValidator<DeviceModelDeletedNotification>;

using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class DeviceEventValidator : NotificationValidator<DeviceEventNotification>
{
    public DeviceEventValidator()
    {
        Field("header", rule => rule.Object());
        Nested("header", new HeaderValidator());
        Field("body", rule => rule.OptionalObject());
    }

    private sealed class HeaderValidator : WireObjectValidator
    {
        public HeaderValidator()
        {
            Field("eventType", rule => rule.NonEmptyText());
            Field("from", rule => rule.NonEmptyText());
            Field("timestamp", rule => rule.Text());
            Field("eventTime", rule => rule.Text());
            Field("deviceId", rule => rule.Identifier());
            Field("serviceType", rule => rule.NonEmptyText());
        }
    }
}

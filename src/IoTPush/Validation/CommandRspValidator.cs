using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class CommandRspValidator : NotificationValidator<CommandRspNotification>
{
    public CommandRspValidator()
    {
        Field("header", rule => rule.Object());
        Nested("header", new HeaderValidator());
        Field("body", rule => rule.Object());
    }

    private sealed class HeaderValidator : WireObjectValidator
    {
        public HeaderValidator()
        {
            Field("requestId", rule => rule.Identifier());
            Field("from", rule => rule.NonEmptyText());
            Field("to", rule => rule.NonEmptyText());
            Field("deviceId", rule => rule.Identifier());
            Field("serviceType", rule => rule.NonEmptyText());
            Field("method", rule => rule.NonEmptyText());
        }
    }
}

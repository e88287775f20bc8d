using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class MessageConfirmValidator : NotificationValidator<MessageConfirmNotification>
{
    public MessageConfirmValidator()
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
            Field("status", rule => rule.OneOf(["sent", "delivered", "executed"]));
            Field("timestamp", rule => rule.Text());
        }
    }
}

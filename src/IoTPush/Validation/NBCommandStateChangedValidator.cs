using IoTPush.Notifications;

namespace IoTPush.Validation;

/// <summary>The command-status callback: <c>resultCode</c> is checked as an identifier, not against a list, since the platform's command states grow.</summary>
public sealed class NBCommandStateChangedValidator : NotificationValidator<NBCommandStateChangedNotification>
{
    public NBCommandStateChangedValidator()
    {
        Field("deviceId", rule => rule.Identifier());
        Field("commandId", rule => rule.Identifier());
        Field("result", rule => rule.Object());
        Nested("result", new ResultValidator());
    }

    private sealed class ResultValidator : WireObjectValidator
    {
        public ResultValidator()
        {
            Field("resultCode", rule => rule.Identifier());
            Field("resultDetail", rule => rule.OptionalObject());
        }
    }
}

using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class RuleEventValidator : NotificationValidator<RuleEventNotification>
{
    public RuleEventValidator()
    {
        Field("author", rule => rule.Identifier(maxLength: 256));
        Field("ruleId", rule => rule.Identifier());
        Field("ruleName", rule => rule.NonEmptyText());
        Field("reasons", rule => rule.ArrayOfObjects());
        NestedItems("reasons", new ReasonValidator());
        Field("triggerTime", rule => rule.Text());
        Field("actionsResults", rule => rule.ArrayOfObjects());
        NestedItems("actionsResults", new ActionResultValidator());
    }

    private sealed class ReasonValidator : WireObjectValidator
    {
        public ReasonValidator()
        {
            Field("satisfactionTime", rule => rule.Text());
            Field("type", rule => rule.NonEmptyText());
            Field("id", rule => rule.OptionalIdentifier());
        }
    }

    private sealed class ActionResultValidator : WireObjectValidator
    {
        public ActionResultValidator()
        {
            Field("type", rule => rule.NonEmptyText());
            Field("id", rule => rule.OptionalIdentifier());
        }
    }
}

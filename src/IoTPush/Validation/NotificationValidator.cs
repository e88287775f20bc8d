using FluentValidation;
using IoTPush.Receiving;

namespace IoTPush.Validation;

/// <summary>
/// The rules every upgrade notification shares; each notification type adds its own fields.
/// Errors are keyed by the wire field name, and each field reports its first broken rule.
/// </summary>
public abstract class NotificationValidator : AbstractValidator<PushDocument>
{
    protected NotificationValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        Field("deviceId", rule => rule.Identifier());
        Field("appId", rule => rule.Identifier());
        Field("operationId", rule => rule.Identifier());
        Field("subOperationId", rule => rule.Identifier());
    }

    public abstract string NotifyType { get; }

    /// <summary>Applies <paramref name="rules"/> to the wire field <paramref name="name"/>, reporting errors under that name.</summary>
    protected void Field(
        string name, Func<IRuleBuilderInitial<PushDocument, WireField>, IRuleBuilderOptions<PushDocument, WireField>> rules) =>
        rules(RuleFor(document => document.Field(name))).OverridePropertyName(name).WithName(name);
}

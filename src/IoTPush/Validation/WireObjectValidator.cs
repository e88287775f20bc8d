using FluentValidation;
using IoTPush.Receiving;

namespace IoTPush.Validation;

/// <summary>
/// Validates one JSON object of a push. Errors are keyed by the wire name of the field (a path such as
/// <c>deviceInfo.nodeId</c> or <c>services[1].data</c> below the top level), and each field reports its first
/// broken rule.
/// </summary>
public abstract class WireObjectValidator : AbstractValidator<WireValue>
{
    protected WireObjectValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(value => value).Custom((value, context) =>
        {
            foreach (var name in value.DuplicateNames)
            {
                context.AddFailure(name, $"'{name}' appears more than once (names are case-insensitive).");
            }
        });
    }

    /// <summary>Applies <paramref name="rules"/> to the field <paramref name="name"/>, reporting errors under that name.</summary>
    protected IRuleBuilderOptions<WireValue, WireValue> Field(
        string name, Func<IRuleBuilderInitial<WireValue, WireValue>, IRuleBuilderOptions<WireValue, WireValue>> rules) =>
        rules(RuleFor(value => value[name])).OverridePropertyName(name).WithName(name);

    /// <summary>Checks the fields of the object in <paramref name="name"/>, when it is one (whether it must be is that field's rule).</summary>
    protected void Nested(string name, WireObjectValidator validator) =>
        RuleFor(value => value[name]).SetValidator(validator).When(value => value[name].Kind == WireKind.Object).OverridePropertyName(name);

    /// <summary>Checks the fields of each object in the array in <paramref name="name"/>.</summary>
    protected void NestedItems(string name, WireObjectValidator validator) =>
        RuleForEach(value => value[name].Items).Where(item => item.Kind == WireKind.Object).SetValidator(validator).OverridePropertyName(name);
}

/// <summary>The validator of one type of the push family, found by the record type it checks the wire for.</summary>
public abstract class NotificationValidator : WireObjectValidator
{
    public abstract Type NotificationType { get; }
}

/// <summary>The validator of the notifications that become <typeparamref name="TNotification"/>.</summary>
public abstract class NotificationValidator<TNotification> : NotificationValidator
    where TNotification : Notifications.Notification
{
    public sealed override Type NotificationType => typeof(TNotification);
}

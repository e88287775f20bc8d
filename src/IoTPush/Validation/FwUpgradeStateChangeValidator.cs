using FluentValidation;
using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class FwUpgradeStateChangeValidator : UpgradeNotificationValidator<FwUpgradeStateChangeNotification>
{
    public FwUpgradeStateChangeValidator()
    {
        Field("step", rule => rule.OneOf(UpgradeStates.Steps));
        Field("stepDesc", rule => rule.OneOf(UpgradeStates.ByStep));

        // Only once both are valid on their own: then they must name the same state.
        RuleFor(value => value)
            .Must(value => UpgradeStates.ForStep(value["step"].Text!) == value["stepDesc"].Text)
            .When(value => UpgradeStates.ForStep(value["step"].Text ?? "") is not null
                && UpgradeStates.ByStep.Contains(value["stepDesc"].Text ?? ""))
            .OverridePropertyName("stepDesc")
            .WithMessage(value => $"'stepDesc' must be '{UpgradeStates.ForStep(value["step"].Text!)}' when 'step' is '{value["step"].Text}'.");
    }
}

using FluentValidation;
using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class FwUpgradeStateChangeValidator : NotificationValidator
{
    public FwUpgradeStateChangeValidator()
    {
        Field("step", rule => rule.OneOf(UpgradeStates.Steps));
        Field("stepDesc", rule => rule.OneOf(UpgradeStates.ByStep));

        // Only once both are valid on their own: then they must name the same state.
        RuleFor(document => document)
            .Must(document => UpgradeStates.ForStep(document.Text("step")!) == document.Text("stepDesc"))
            .When(document => UpgradeStates.ForStep(document.Text("step") ?? "") is not null
                && UpgradeStates.ByStep.Contains(document.Text("stepDesc") ?? ""))
            .OverridePropertyName("stepDesc")
            .WithMessage(document =>
                $"'stepDesc' must be '{UpgradeStates.ForStep(document.Text("step")!)}' when 'step' is '{document.Text("step")}'.");
    }

    public override string NotifyType => NotifyTypes.FwUpgradeStateChange;
}

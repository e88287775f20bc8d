using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class SwUpgradeStateChangeValidator : NotificationValidator
{
    public SwUpgradeStateChangeValidator()
    {
        Field("swUpgradeState", rule => rule.OneOf(UpgradeStates.ByStep));
    }

    public override string NotifyType => NotifyTypes.SwUpgradeStateChange;
}

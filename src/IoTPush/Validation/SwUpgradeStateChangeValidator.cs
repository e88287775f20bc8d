using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class SwUpgradeStateChangeValidator : UpgradeNotificationValidator<SwUpgradeStateChangeNotification>
{
    public SwUpgradeStateChangeValidator()
    {
        Field("swUpgradeState", rule => rule.OneOf(UpgradeStates.ByStep));
    }
}

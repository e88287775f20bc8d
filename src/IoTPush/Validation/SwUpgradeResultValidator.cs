using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class SwUpgradeResultValidator : UpgradeNotificationValidator<SwUpgradeResultNotification>
{
    public SwUpgradeResultValidator()
    {
        Field("curVersion", rule => rule.Text());
        Field("targetVersion", rule => rule.Text());
        Field("sourceVersion", rule => rule.Text());
        Field("swUpgradeResult", rule => rule.OneOf(UpgradeResults.All));
        Field("upgradeTime", rule => rule.Text());
        Field("resultDesc", rule => rule.Text());
        Field("errorCode", rule => rule.Text());
        Field("description", rule => rule.Text());
    }
}

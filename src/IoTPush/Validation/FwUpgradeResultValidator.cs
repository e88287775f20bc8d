using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class FwUpgradeResultValidator : UpgradeNotificationValidator<FwUpgradeResultNotification>
{
    public FwUpgradeResultValidator()
    {
        Field("curVersion", rule => rule.Text());
        Field("targetVersion", rule => rule.Text());
        Field("sourceVersion", rule => rule.Text());
        Field("status", rule => rule.OneOf(UpgradeResults.All));
        Field("statusDesc", rule => rule.Text());
        Field("upgradeTime", rule => rule.Text());
    }
}

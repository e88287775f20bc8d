using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class FwUpgradeResultValidator : NotificationValidator
{
    public FwUpgradeResultValidator()
    {
        Field("curVersion", rule => rule.PresentText());
        Field("targetVersion", rule => rule.PresentText());
        Field("sourceVersion", rule => rule.PresentText());
        Field("status", rule => rule.OneOf(UpgradeResults.All));
        Field("statusDesc", rule => rule.PresentText());
        Field("upgradeTime", rule => rule.PresentText());
    }

    public override string NotifyType => NotifyTypes.FwUpgradeResult;
}

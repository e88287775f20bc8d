using IoTPush.Notifications;

namespace IoTPush.Validation;

public sealed class SwUpgradeResultValidator : NotificationValidator
{
    public SwUpgradeResultValidator()
    {
        Field("curVersion", rule => rule.PresentText());
        Field("targetVersion", rule => rule.PresentText());
        Field("sourceVersion", rule => rule.PresentText());
        Field("swUpgradeResult", rule => rule.OneOf(UpgradeResults.All));
        Field("upgradeTime", rule => rule.PresentText());
        Field("resultDesc", rule => rule.PresentText());
        Field("errorCode", rule => rule.PresentText());
        Field("description", rule => rule.PresentText());
    }

    public override string NotifyType => NotifyTypes.SwUpgradeResult;
}

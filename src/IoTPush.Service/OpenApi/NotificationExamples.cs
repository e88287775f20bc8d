using IoTPush.Notifications;

namespace IoTPush.Service.OpenApi;

/// <summary>The request examples of the platform's specs (shared/seeds), one per typed notification.</summary>
public static class NotificationExamples
{
    public static IReadOnlyList<(string NotifyType, Type Type, string Json)> All { get; } =
    [
        (NotifyTypes.FwUpgradeStateChange, typeof(FwUpgradeStateChangeNotification), """
            {
                "notifyType":"fwUpgradeStateChangeNotify",
                "deviceId":"******",
                "appId":"***********",
                "operationId":"**************",
                "subOperationId":"***********",
                "step":"1",
                "stepDesc":"downloading"
            }
            """),
        (NotifyTypes.FwUpgradeResult, typeof(FwUpgradeResultNotification), """
            {
                "notifyType":"fwUpgradeResultNotify",
                "deviceId":"******",
                "appId":"***********",
                "operationId":"***********",
                "subOperationId":"***********",
                "curVersion":"1.6",
                "targetVersion":"1.6",
                "sourceVersion":"1.3",
                "status":"SUCCESS",
                "statusDesc":"****",
                "upgradeTime":"****"
            }
            """),
        (NotifyTypes.SwUpgradeResult, typeof(SwUpgradeResultNotification), """
            {
                "notifyType":"swUpgradeResultNotify",
                "deviceId":"******",
                "appId":"***********",
                "operationId":"***********",
                "subOperationId":"***********",
                "curVersion":"1.3",
                "targetVersion":"1.5",
                "sourceVersion":"1.0",
                "swUpgradeResult":"SUCCESS",
                "upgradeTime":"***",
                "resultDesc":"***",
                "errorCode":"***",
                "description":"***"
            }
            """),
        // No spec page of this type is in the seeds; shaped like its firmware sibling, per DESIGN.md.
        (NotifyTypes.SwUpgradeStateChange, typeof(SwUpgradeStateChangeNotification), """
            {
                "notifyType":"swUpgradeStateChangeNotify",
                "deviceId":"******",
                "appId":"***********",
                "operationId":"***********",
                "subOperationId":"***********",
                "swUpgradeState":"downloading"
            }
            """),
    ];
}

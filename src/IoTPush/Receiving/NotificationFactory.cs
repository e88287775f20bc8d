using IoTPush.Notifications;

namespace IoTPush.Receiving;

/// <summary>Builds the typed notification from a document that its validator has passed.</summary>
public static class NotificationFactory
{
    public static UpgradeNotification Create(PushDocument document) => document.NotifyType switch
    {
        NotifyTypes.FwUpgradeStateChange => new FwUpgradeStateChangeNotification
        {
            DeviceId = Text(document, "deviceId"),
            AppId = Text(document, "appId"),
            OperationId = Text(document, "operationId"),
            SubOperationId = Text(document, "subOperationId"),
            Step = Text(document, "step"),
            StepDesc = Text(document, "stepDesc"),
        },
        NotifyTypes.FwUpgradeResult => new FwUpgradeResultNotification
        {
            DeviceId = Text(document, "deviceId"),
            AppId = Text(document, "appId"),
            OperationId = Text(document, "operationId"),
            SubOperationId = Text(document, "subOperationId"),
            CurVersion = Text(document, "curVersion"),
            TargetVersion = Text(document, "targetVersion"),
            SourceVersion = Text(document, "sourceVersion"),
            Status = Text(document, "status"),
            StatusDesc = Text(document, "statusDesc"),
            UpgradeTime = Text(document, "upgradeTime"),
        },
        NotifyTypes.SwUpgradeResult => new SwUpgradeResultNotification
        {
            DeviceId = Text(document, "deviceId"),
            AppId = Text(document, "appId"),
            OperationId = Text(document, "operationId"),
            SubOperationId = Text(document, "subOperationId"),
            CurVersion = Text(document, "curVersion"),
            TargetVersion = Text(document, "targetVersion"),
            SourceVersion = Text(document, "sourceVersion"),
            SwUpgradeResult = Text(document, "swUpgradeResult"),
            UpgradeTime = Text(document, "upgradeTime"),
            ResultDesc = Text(document, "resultDesc"),
            ErrorCode = Text(document, "errorCode"),
            Description = Text(document, "description"),
        },
        NotifyTypes.SwUpgradeStateChange => new SwUpgradeStateChangeNotification
        {
            DeviceId = Text(document, "deviceId"),
            AppId = Text(document, "appId"),
            OperationId = Text(document, "operationId"),
            SubOperationId = Text(document, "subOperationId"),
            SwUpgradeState = Text(document, "swUpgradeState"),
        },
        _ => throw new ArgumentException($"No typed notification for notifyType '{document.NotifyType}'.", nameof(document)),
    };

    private static string Text(PushDocument document, string name) =>
        document.Text(name) ?? throw new InvalidOperationException($"'{name}' was not validated as text.");
}

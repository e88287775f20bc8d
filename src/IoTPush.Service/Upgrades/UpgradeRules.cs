using IoTPush.Notifications;

namespace IoTPush.Service.Upgrades;

/// <summary>
/// How a notification moves an upgrade row. Receipt order is inbox-id order, so the outcome depends only
/// on which notifications were applied, not on the order they were dispatched in:
/// among state changes the last received wins; a result is final against any state change received
/// after it; among results the last received wins.
/// </summary>
public static class UpgradeRules
{
    public static UpgradeRow Apply(UpgradeRow? row, TrackedPush push)
    {
        var (notification, context) = (push.Notification, push.Context);
        row ??= new UpgradeRow
        {
            OperationId = notification.OperationId,
            SubOperationId = notification.SubOperationId,
            DeviceId = notification.DeviceId,
            Kind = KindOf(notification),
            FirstSeenAt = context.ReceivedAt,
            UpdatedAt = context.ReceivedAt,
        };
        row = row with
        {
            Notifications = row.Notifications + 1,
            FirstSeenAt = Min(row.FirstSeenAt, context.ReceivedAt),
            UpdatedAt = Max(row.UpdatedAt, context.ReceivedAt),
        };

        return notification switch
        {
            FwUpgradeStateChangeNotification change => ApplyState(row, context.Id, change.StepDesc),
            SwUpgradeStateChangeNotification change => ApplyState(row, context.Id, change.SwUpgradeState),
            FwUpgradeResultNotification result when Newer(context.Id, row.ResultNotificationId) => row with
            {
                Result = result.Status,
                ResultNotificationId = context.Id,
                SourceVersion = result.SourceVersion,
                TargetVersion = result.TargetVersion,
                CurrentVersion = result.CurVersion,
                Description = result.StatusDesc,
                UpgradeTime = result.UpgradeTime,
            },
            SwUpgradeResultNotification result when Newer(context.Id, row.ResultNotificationId) => row with
            {
                Result = result.SwUpgradeResult,
                ResultNotificationId = context.Id,
                SourceVersion = result.SourceVersion,
                TargetVersion = result.TargetVersion,
                CurrentVersion = result.CurVersion,
                Description = result.ResultDesc,
                ErrorCode = result.ErrorCode,
                ErrorDescription = result.Description,
                UpgradeTime = result.UpgradeTime,
            },
            _ => row,
        };
    }

    public static string KindOf(UpgradeNotification notification) =>
        notification is FwUpgradeStateChangeNotification or FwUpgradeResultNotification ? UpgradeKinds.Firmware : UpgradeKinds.Software;

    private static UpgradeRow ApplyState(UpgradeRow row, string id, string state)
    {
        var afterResult = row.ResultNotificationId is { } resultId && string.CompareOrdinal(id, resultId) > 0;
        return afterResult || !Newer(id, row.StateNotificationId)
            ? row
            : row with { State = state, StateNotificationId = id };
    }

    private static bool Newer(string id, string? current) => current is null || string.CompareOrdinal(id, current) > 0;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}

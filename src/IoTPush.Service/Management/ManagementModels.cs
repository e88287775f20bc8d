using IoTPush.Inbox;
using IoTPush.Service.Upgrades;

namespace IoTPush.Service.Management;

/// <summary>A page of a list: its items, and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record StateCounts(int Idle, int Downloading, int Downloaded, int Updating);

/// <summary>One upgrade campaign (operation) of <c>GET /api/upgrades</c>. Times are UTC.</summary>
public sealed record CampaignItem(
    string OperationId, string Kind, int Devices, StateCounts States, int Succeeded, int Failed, int InProgress,
    DateTime FirstSeenAt, DateTime UpdatedAt)
{
    public static CampaignItem From(CampaignTally row) => new(
        row.OperationId, row.Kind, row.Devices, new StateCounts(row.Idle, row.Downloading, row.Downloaded, row.Updating),
        row.Succeeded, row.Failed, row.InProgress, row.FirstSeenAt.UtcDateTime, row.UpdatedAt.UtcDateTime);
}

/// <summary><c>GET /api/upgrades/{operationId}</c>: the operation's counts and a page of its device rows.</summary>
public sealed record OperationUpgrades(
    string OperationId, int Devices, StateCounts States, int Succeeded, int Failed, int InProgress,
    IReadOnlyList<UpgradeItem> Items, string? NextCursor);

/// <summary>One device's upgrade as an operator sees it. Times are UTC.</summary>
public sealed record UpgradeItem(
    string OperationId, string SubOperationId, string DeviceId, string Kind, string? State, string? Result,
    string? SourceVersion, string? TargetVersion, string? CurrentVersion, string? ErrorCode, string? Description,
    string? ErrorDescription, string? UpgradeTime, DateTime FirstSeenAt, DateTime UpdatedAt, int Notifications)
{
    public static UpgradeItem From(UpgradeRow row) => new(
        row.OperationId, row.SubOperationId, row.DeviceId, row.Kind, row.State, row.Result, row.SourceVersion,
        row.TargetVersion, row.CurrentVersion, row.ErrorCode, row.Description, row.ErrorDescription, row.UpgradeTime,
        row.FirstSeenAt.UtcDateTime, row.UpdatedAt.UtcDateTime, row.Notifications);
}

/// <summary>One inbox record, with the body exactly as it was received.</summary>
public sealed record NotificationItem(
    string Id, DateTime ReceivedAt, string NotifyType, string? DeviceId, string? AppId, string? OperationId,
    string? SubOperationId, string Status, int Attempts, string? LastError, DateTime? ProcessedAt, string Body)
{
    public static NotificationItem From(InboxRecord record) => new(
        record.Id, record.ReceivedAt.UtcDateTime, record.NotifyType, record.DeviceId, record.AppId, record.OperationId,
        record.SubOperationId, record.Status, record.Attempts, record.LastError, record.ProcessedAt?.UtcDateTime, record.Body);
}

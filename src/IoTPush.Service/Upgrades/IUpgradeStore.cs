using IoTPush.Dispatch;

namespace IoTPush.Service.Upgrades;

/// <summary>The upgrade tracker's rows.</summary>
public interface IUpgradeStore
{
    /// <summary>
    /// Applies the notifications by <see cref="UpgradeRules"/> in one transaction. A notification already
    /// applied (a replay, or a retry of a batch) is skipped, so applying is idempotent.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<ReceivedPush> pushes, CancellationToken cancellationToken);

    /// <summary>The counts over an operation's rows, or null when the operation has none.</summary>
    Task<OperationCounts?> CountOperationAsync(string operationId, CancellationToken cancellationToken);

    /// <summary>An operation's rows by (subOperationId, deviceId), after the given key.</summary>
    Task<IReadOnlyList<UpgradeRow>> ListOperationAsync(
        string operationId, (string SubOperationId, string DeviceId)? after, int limit, CancellationToken cancellationToken);

    /// <summary>A device's rows, most recently updated first, after the given key.</summary>
    Task<IReadOnlyList<UpgradeRow>> ListDeviceAsync(
        string deviceId, (long UpdatedAt, string OperationId, string SubOperationId)? after, int limit, CancellationToken cancellationToken);
}

/// <summary>An operation's rows counted: by current state, by result, and those with no result yet.</summary>
public sealed record OperationCounts(
    int Devices, int Idle, int Downloading, int Downloaded, int Updating, int Succeeded, int Failed, int InProgress);

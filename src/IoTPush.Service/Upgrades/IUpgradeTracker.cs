
namespace IoTPush.Service.Upgrades;

/// <summary>Writes the upgrade tracker's rows; <see cref="UpgradeQueries"/> reads them.</summary>
public interface IUpgradeTracker
{
    /// <summary>
    /// Applies the notifications by <see cref="UpgradeRules"/> in one transaction. A notification already
    /// applied (a replay, or a retry of a batch) is skipped, so applying is idempotent.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<TrackedPush> pushes, CancellationToken cancellationToken);
}

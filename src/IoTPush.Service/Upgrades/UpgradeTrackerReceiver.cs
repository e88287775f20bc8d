using IoTPush.Dispatch;
using IoTPush.Notifications;

namespace IoTPush.Service.Upgrades;

/// <summary>
/// The service's own receiver: keeps the upgrade tracker from the upgrade notifications of each dispatch batch,
/// in one transaction per batch; other notifications pass through it untouched.
/// </summary>
public sealed class UpgradeTrackerReceiver(IUpgradeTracker tracker) : PushMessageReceiver
{
    public override async Task<IReadOnlyList<Exception?>> ReceiveBatchAsync(IReadOnlyList<ReceivedPush> batch)
    {
        var upgrades = batch
            .Where(push => push.Notification is UpgradeNotification)
            .Select(push => new TrackedPush((UpgradeNotification)push.Notification, push.Context))
            .ToList();
        if (upgrades.Count > 0)
        {
            // All or nothing: a failed transaction fails the batch, and its retry is safe because applying is idempotent.
            await tracker.ApplyAsync(upgrades, upgrades[0].Context.CancellationToken);
        }

        return new Exception?[batch.Count];
    }

    public override Task ReceiveAsync(Notification notification, PushContext context) =>
        notification is UpgradeNotification upgrade
            ? tracker.ApplyAsync([new TrackedPush(upgrade, context)], context.CancellationToken)
            : Task.CompletedTask;
}

using IoTPush.Dispatch;
using IoTPush.Notifications;

namespace IoTPush.Service.Upgrades;

/// <summary>The service's own receiver: keeps the upgrade tracker, a whole dispatch batch per transaction.</summary>
public sealed class UpgradeTrackerReceiver(IUpgradeTracker tracker) : PushMessageReceiver
{
    public override async Task<IReadOnlyList<Exception?>> ReceiveBatchAsync(IReadOnlyList<ReceivedPush> batch)
    {
        if (batch.Count > 0)
        {
            // All or nothing: a failed transaction fails the batch, and its retry is safe because applying is idempotent.
            await tracker.ApplyAsync(batch, batch[0].Context.CancellationToken);
        }

        return new Exception?[batch.Count];
    }

    public override Task ReceiveAsync(UpgradeNotification notification, PushContext context) =>
        tracker.ApplyAsync([new ReceivedPush(notification, context)], context.CancellationToken);
}

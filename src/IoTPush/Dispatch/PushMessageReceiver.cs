using IoTPush.Notifications;

namespace IoTPush.Dispatch;

/// <summary>
/// The C# form of the platform SDK's <c>PushMessageReceiver</c>: override the methods for the
/// notifications you care about; the others do nothing. Register it with
/// <c>services.AddPushMessageReceiver&lt;T&gt;()</c>.
/// Delivery is at least once: a throwing method is retried with backoff, so handlers must be idempotent
/// (<see cref="PushContext.Id"/> identifies the stored push).
/// </summary>
public abstract class PushMessageReceiver
{
    /// <summary>
    /// Handles a batch of stored notifications, in order of receipt, answering for each the exception it
    /// failed with, or null. By default each goes to <see cref="ReceiveAsync"/> on its own; a receiver that
    /// can do better (one transaction for the batch) overrides this.
    /// </summary>
    public virtual async Task<IReadOnlyList<Exception?>> ReceiveBatchAsync(IReadOnlyList<ReceivedPush> batch)
    {
        var failures = new Exception?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await ReceiveAsync(batch[i].Notification, batch[i].Context);
            }
            catch (Exception exception)
            {
                failures[i] = exception;
            }
        }

        return failures;
    }

    /// <summary>Routes a notification to the method for its type.</summary>
    public virtual Task ReceiveAsync(UpgradeNotification notification, PushContext context) => notification switch
    {
        FwUpgradeStateChangeNotification stateChanged => HandleFwUpgradeStateChangedAsync(stateChanged, context),
        FwUpgradeResultNotification result => HandleFwUpgradeResultAsync(result, context),
        SwUpgradeResultNotification result => HandleSwUpgradeResultAsync(result, context),
        SwUpgradeStateChangeNotification stateChanged => HandleSwUpgradeStateChangedAsync(stateChanged, context),
        _ => throw new ArgumentException($"No handler for {notification.GetType().Name}.", nameof(notification)),
    };

    protected virtual Task HandleFwUpgradeStateChangedAsync(FwUpgradeStateChangeNotification notification, PushContext context) =>
        Task.CompletedTask;

    protected virtual Task HandleFwUpgradeResultAsync(FwUpgradeResultNotification notification, PushContext context) =>
        Task.CompletedTask;

    protected virtual Task HandleSwUpgradeResultAsync(SwUpgradeResultNotification notification, PushContext context) =>
        Task.CompletedTask;

    protected virtual Task HandleSwUpgradeStateChangedAsync(SwUpgradeStateChangeNotification notification, PushContext context) =>
        Task.CompletedTask;
}

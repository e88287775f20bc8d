using IoTPush.Notifications;

namespace IoTPush.Dispatch;

/// <summary>
/// The C# form of the platform SDK's <c>PushMessageReceiver</c>: one method per notification type, each doing
/// nothing until overridden. Register a subclass with <c>services.AddPushMessageReceiver&lt;T&gt;()</c>.
/// Delivery is at least once: a throwing method is retried with backoff, so handlers must be idempotent
/// (<see cref="PushContext.Id"/> identifies the stored push).
/// </summary>
public abstract partial class PushMessageReceiver
{
    /// <summary>
    /// Handles a batch of stored notifications, in order of receipt, answering for each the exception it
    /// failed with, or null. By default each goes to <see cref="ReceiveAsync"/> on its own, and once the pushes'
    /// token is cancelled (Dispatch:HandlerTimeout) the ones not started are answered as cancelled. A receiver
    /// that can do better (one transaction for the batch) overrides this.
    /// </summary>
    public virtual async Task<IReadOnlyList<Exception?>> ReceiveBatchAsync(IReadOnlyList<ReceivedPush> batch)
    {
        var failures = new Exception?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var token = batch[i].Context.CancellationToken;
            if (token.IsCancellationRequested)
            {
                failures[i] = new OperationCanceledException("Not started before the receiver's time ran out.", token);
                continue;
            }

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
    public virtual Task ReceiveAsync(Notification notification, PushContext context) =>
        PushFamily.All.For(notification.GetType()).HandleAsync(this, notification, context);

    protected virtual Task HandleDeviceAddedAsync(DeviceAddedNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleBindDeviceAsync(BindDeviceNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleDeviceInfoChangedAsync(DeviceInfoChangedNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleDeviceDataChangedAsync(DeviceDataChangedNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleDeviceDatasChangedAsync(DeviceDatasChangedNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleServiceInfoChangedAsync(ServiceInfoChangedNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleDeviceDeletedAsync(DeviceDeletedNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleMessageConfirmAsync(MessageConfirmNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleCommandRspAsync(CommandRspNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleDeviceEventAsync(DeviceEventNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleDeviceModelAddedAsync(DeviceModelAddedNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleDeviceModelDeletedAsync(DeviceModelDeletedNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleRuleEventAsync(RuleEventNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleDeviceDesiredStatusChangedAsync(DeviceDesiredStatusChangedNotification notification, PushContext context) =>
        Task.CompletedTask;

    protected virtual Task HandleSwUpgradeStateChangedAsync(SwUpgradeStateChangeNotification notification, PushContext context) =>
        Task.CompletedTask;

    protected virtual Task HandleSwUpgradeResultAsync(SwUpgradeResultNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleFwUpgradeStateChangedAsync(FwUpgradeStateChangeNotification notification, PushContext context) =>
        Task.CompletedTask;

    protected virtual Task HandleFwUpgradeResultAsync(FwUpgradeResultNotification notification, PushContext context) => Task.CompletedTask;

    protected virtual Task HandleNBCommandStateChangedAsync(NBCommandStateChangedNotification notification, PushContext context) =>
        Task.CompletedTask;
}

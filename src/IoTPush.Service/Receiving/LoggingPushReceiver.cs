using IoTPush.Dispatch;
using IoTPush.Notifications;

namespace IoTPush.Service.Receiving;

/// <summary>The service's default receiver: writes one log line for each notification it is handed.</summary>
public sealed partial class LoggingPushReceiver(ILogger<LoggingPushReceiver> logger) : PushMessageReceiver
{
    public override Task ReceiveAsync(UpgradeNotification notification, PushContext context)
    {
        LogReceived(context.Id, notification.NotifyType, notification.DeviceId, notification.OperationId, context.Attempt);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Dispatched push {InboxId}: {NotifyType} device {DeviceId} operation {OperationId} (attempt {Attempt})")]
    private partial void LogReceived(string inboxId, string notifyType, string deviceId, string operationId, int attempt);
}

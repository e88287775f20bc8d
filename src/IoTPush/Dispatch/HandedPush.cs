using IoTPush.Inbox;
using IoTPush.Notifications;

namespace IoTPush.Dispatch;

/// <summary>A push just stored as taken, handed to the dispatcher with the notification read at intake.</summary>
public sealed record HandedPush(InboxRecord Record, Notification Notification)
{
    /// <summary>The record as the store now holds it: pending, its first attempt under way.</summary>
    public static HandedPush Of(InboxEntry entry, Notification notification) => new(new InboxRecord
    {
        Id = entry.Id,
        ReceivedAt = entry.ReceivedAt,
        NotifyType = entry.NotifyType,
        DeviceId = entry.DeviceId,
        AppId = entry.AppId,
        OperationId = entry.OperationId,
        SubOperationId = entry.SubOperationId,
        Body = entry.Body,
        Status = InboxStatus.Pending,
        Attempts = 1,
    }, notification);
}

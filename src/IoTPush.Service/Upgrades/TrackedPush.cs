using IoTPush.Dispatch;
using IoTPush.Notifications;

namespace IoTPush.Service.Upgrades;

/// <summary>An upgrade notification on its way into the tracker, with its inbox id and time of receipt.</summary>
public sealed record TrackedPush(UpgradeNotification Notification, PushContext Context);

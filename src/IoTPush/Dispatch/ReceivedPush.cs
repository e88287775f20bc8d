using IoTPush.Notifications;

namespace IoTPush.Dispatch;

/// <summary>A stored notification on its way to the receivers, with what is known about its delivery.</summary>
public sealed record ReceivedPush(Notification Notification, PushContext Context);

namespace IoTPush.Notifications;

/// <summary>A notification the platform pushes to the callback URL; <see cref="NotifyType"/> says which.</summary>
public abstract record Notification
{
    /// <summary>The notification type, as the platform names it (<see cref="NotifyTypes"/>).</summary>
    public abstract string NotifyType { get; }
}

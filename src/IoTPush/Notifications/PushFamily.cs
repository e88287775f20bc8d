using System.Collections;
using IoTPush.Dispatch;

namespace IoTPush.Notifications;

/// <summary>
/// The registry of the push family: every notifyType the platform sends to the callback URL, mapped to its
/// record, its <see cref="PushMessageReceiver"/> method and its example. The validator of each is the one
/// registered for its record (<see cref="Validation.NotificationValidator{TNotification}"/>). Adding a type is a
/// record, a validator, an example file and one line in <see cref="PushMessageReceiver"/>'s table.
/// </summary>
public sealed class PushFamily : IEnumerable<PushType>
{
    private readonly List<PushType> _types = [];
    private readonly Dictionary<string, PushType> _byNotifyType = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, PushType> _byRecord = [];

    /// <summary>The family, as <see cref="PushMessageReceiver"/> handles it.</summary>
    public static PushFamily All { get; } = PushMessageReceiver.CreateFamily();

    /// <summary>The notifyTypes, in the order of the table.</summary>
    public IReadOnlyList<string> NotifyTypes => _types.Select(type => type.NotifyType).ToList();

    public void Add<TNotification>(string notifyType, Func<PushMessageReceiver, TNotification, PushContext, Task> handle)
        where TNotification : Notification
    {
        var type = new PushType(notifyType, typeof(TNotification),
            (receiver, notification, context) => handle(receiver, (TNotification)notification, context));
        _types.Add(type);
        _byNotifyType.Add(notifyType, type);
        _byRecord.Add(typeof(TNotification), type);
    }

    /// <summary>The type with this notifyType (matched exactly, as the platform spells it), or null when it is not in the family.</summary>
    public PushType? Find(string notifyType) => _byNotifyType.GetValueOrDefault(notifyType);

    /// <summary>The type whose record is <paramref name="notificationType"/>.</summary>
    public PushType For(Type notificationType) => _byRecord.TryGetValue(notificationType, out var type)
        ? type
        : throw new ArgumentException($"{notificationType.Name} is not a notification of the push family.", nameof(notificationType));

    public IEnumerator<PushType> GetEnumerator() => _types.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

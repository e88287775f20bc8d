using System.Reflection;
using IoTPush.Dispatch;

namespace IoTPush.Notifications;

/// <summary>One type of the push family: its notifyType, the record it becomes, its handler, and an example of it.</summary>
public sealed class PushType
{
    private readonly Func<PushMessageReceiver, Notification, PushContext, Task> _handle;
    private readonly Lazy<string> _example;

    internal PushType(string notifyType, Type notificationType, Func<PushMessageReceiver, Notification, PushContext, Task> handle)
    {
        NotifyType = notifyType;
        NotificationType = notificationType;
        _handle = handle;
        _example = new Lazy<string>(() => ReadExample(notifyType));
    }

    public string NotifyType { get; }

    /// <summary>The record a push of this type becomes, once it has passed its validator.</summary>
    public Type NotificationType { get; }

    /// <summary>An example push (the platform's own where its pages give one), as JSON.</summary>
    public string Example => _example.Value;

    internal Task HandleAsync(PushMessageReceiver receiver, Notification notification, PushContext context) =>
        _handle(receiver, notification, context);

    // Embedded from Notifications/Examples/<notifyType>.json.
    private static string ReadExample(string notifyType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"IoTPush.Examples.{notifyType}.json")
            ?? throw new InvalidOperationException($"No example is embedded for {notifyType}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

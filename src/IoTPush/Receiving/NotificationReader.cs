using System.Text.Json;
using FluentValidation;
using IoTPush.Notifications;
using IoTPush.Validation;

namespace IoTPush.Receiving;

/// <summary>
/// Validates pushes by the validator of their type in the push family, and turns them into their records.
/// Every type of <see cref="PushFamily.All"/> must have its validator among those registered.
/// </summary>
public sealed class NotificationReader
{
    private readonly Dictionary<string, (PushType Type, NotificationValidator Validator)> _types = new(StringComparer.Ordinal);

    /// <param name="validators">Every validator of push bodies, as registered from this assembly.</param>
    public NotificationReader(IEnumerable<IValidator<WireValue>> validators)
    {
        var byRecord = validators.OfType<NotificationValidator>().ToDictionary(validator => validator.NotificationType);
        foreach (var type in PushFamily.All)
        {
            _types[type.NotifyType] = (type, byRecord.GetValueOrDefault(type.NotificationType)
                ?? throw new InvalidOperationException($"No validator is registered for {type.NotificationType.Name}."));
        }
    }

    /// <summary>The notifyTypes that have a typed notification, in the family's order.</summary>
    public IReadOnlyList<string> HandledTypes => PushFamily.All.NotifyTypes;

    public bool IsHandled(string notifyType) => _types.ContainsKey(notifyType);

    /// <summary>Every broken rule keyed by wire field name, or null when the push is valid.</summary>
    public IDictionary<string, string[]>? Validate(PushDocument document)
    {
        var result = _types[document.NotifyType].Validator.Validate(document.Body);
        return result.IsValid ? null : result.ToDictionary();
    }

    /// <summary>The record of a push that <see cref="Validate"/> has passed.</summary>
    public Notification Read(PushDocument document) =>
        (Notification)WireJson.Deserialize(document.Body.Element, _types[document.NotifyType].Type.NotificationType);

    /// <summary>
    /// Reads a stored body back into its typed notification, or null for a type outside the family. It was
    /// validated when received, so it is not validated again; a body that no longer reads throws
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public Notification? ReadStored(string notifyType, string body)
    {
        if (!_types.TryGetValue(notifyType, out var type))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return (Notification)WireJson.Deserialize(json.RootElement, type.Type.NotificationType);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The stored {notifyType} body cannot be read: {exception.Message}", exception);
        }
    }
}

using System.Text.Json;
using FluentValidation;
using IoTPush.Notifications;
using IoTPush.Validation;

namespace IoTPush.Receiving;

/// <summary>Validates pushes against the validator of their notifyType and turns them into typed notifications.</summary>
public sealed class NotificationReader
{
    private readonly Dictionary<string, NotificationValidator> _validators;

    /// <param name="validators">Every validator of push documents, as registered from this assembly.</param>
    public NotificationReader(IEnumerable<IValidator<PushDocument>> validators) =>
        _validators = validators.OfType<NotificationValidator>().ToDictionary(validator => validator.NotifyType, StringComparer.Ordinal);

    /// <summary>The notifyTypes with a typed notification, in ordinal order.</summary>
    public IReadOnlyList<string> HandledTypes => _validators.Keys.Order(StringComparer.Ordinal).ToList();

    public bool IsHandled(string notifyType) => _validators.ContainsKey(notifyType);

    /// <summary>Every broken rule keyed by wire field name, or null when the document is valid.</summary>
    public IDictionary<string, string[]>? Validate(PushDocument document)
    {
        var result = _validators[document.NotifyType].Validate(document);
        return result.IsValid ? null : result.ToDictionary();
    }

    /// <summary>
    /// Reads a stored body back into its typed notification, or null for a type with no handler. It was
    /// validated when received, so it is not validated again; a body that no longer reads throws
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    public UpgradeNotification? ReadStored(string body)
    {
        using var json = JsonDocument.Parse(body);
        var document = PushDocument.Read(json.RootElement).Document
            ?? throw new InvalidDataException("The stored body is not a readable push.");
        try
        {
            return IsHandled(document.NotifyType) ? NotificationFactory.Create(document) : null;
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidDataException(exception.Message, exception);
        }
    }
}

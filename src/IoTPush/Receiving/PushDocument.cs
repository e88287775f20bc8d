using System.Text.Json;

namespace IoTPush.Receiving;

/// <summary>
/// A push body parsed once: its top-level properties, looked up case-insensitively
/// (the platform's docs spell <c>status</c> as <c>$Status</c> in places), and its notifyType.
/// </summary>
public sealed class PushDocument
{
    private readonly Dictionary<string, JsonElement> _properties;

    private PushDocument(JsonElement root, Dictionary<string, JsonElement> properties, string notifyType)
    {
        Root = root;
        _properties = properties;
        NotifyType = notifyType;
    }

    /// <summary>The whole body; valid only while the <see cref="JsonDocument"/> it came from is alive.</summary>
    public JsonElement Root { get; }

    public string NotifyType { get; }

    public WireField Field(string name)
    {
        if (!_properties.TryGetValue(name, out var value))
        {
            return WireField.Missing;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => new WireField(WireFieldKind.Text, value.GetString()),
            JsonValueKind.Number => new WireField(WireFieldKind.Text, value.GetRawText()),
            JsonValueKind.Null => new WireField(WireFieldKind.Null, null),
            _ => new WireField(WireFieldKind.WrongType, null),
        };
    }

    /// <summary>The text of a field, or null when it is not text. For fields already validated.</summary>
    public string? Text(string name) => Field(name).Text;

    /// <summary>
    /// Reads the envelope of a push: a JSON object with a non-empty string notifyType and no property
    /// named twice (names compared case-insensitively, so that a field cannot mean two things).
    /// </summary>
    public static PushReadResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return PushReadResult.Malformed($"The body must be a JSON object, not {Describe(root.ValueKind)}.");
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string[]>? errors = null;
        foreach (var property in root.EnumerateObject())
        {
            if (!properties.TryAdd(property.Name, property.Value))
            {
                // Keyed by the name as first written, which is the field the sender meant.
                var first = properties.Keys.First(name => string.Equals(name, property.Name, StringComparison.OrdinalIgnoreCase));
                errors ??= [];
                errors[first] = [$"'{first}' appears more than once (names are case-insensitive)."];
            }
        }

        var notifyType = properties.TryGetValue("notifyType", out var value) ? value : default;
        var notifyTypeError = notifyType.ValueKind switch
        {
            JsonValueKind.Undefined => "'notifyType' is required.",
            JsonValueKind.String when notifyType.GetString()!.Length == 0 => "'notifyType' must not be empty.",
            JsonValueKind.String => null,
            _ => "'notifyType' must be a string.",
        };
        if (notifyTypeError is not null)
        {
            errors ??= [];
            errors["notifyType"] = [notifyTypeError];
        }

        return errors is null
            ? PushReadResult.Read(new PushDocument(root, properties, notifyType.GetString()!))
            : PushReadResult.Invalid(errors);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

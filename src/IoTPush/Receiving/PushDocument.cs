using System.Text.Json;
using IoTPush.Validation;

namespace IoTPush.Receiving;

/// <summary>
/// A push's envelope: a JSON object with a readable notifyType (or one the route implies) and no top-level
/// property named twice (names compared case-insensitively, so that a field cannot mean two things).
/// </summary>
public sealed class PushDocument
{
    private PushDocument(WireValue body, string notifyType)
    {
        Body = body;
        NotifyType = notifyType;
    }

    /// <summary>The whole body; valid only while the <see cref="JsonDocument"/> it came from is alive.</summary>
    public WireValue Body { get; }

    public string NotifyType { get; }

    /// <summary>The text of a top-level field, or null when it is not text.</summary>
    public string? Text(string name) => Body[name].Text;

    /// <param name="root">The parsed body.</param>
    /// <param name="impliedNotifyType">The type the route implies for bodies that carry none (the command callback).</param>
    public static PushReadResult Read(JsonElement root, string? impliedNotifyType = null) => Read(WireValue.Of(root), impliedNotifyType);

    /// <inheritdoc cref="Read(JsonElement, string?)"/>
    public static PushReadResult Read(WireValue body, string? impliedNotifyType = null)
    {
        if (body.Kind != WireKind.Object)
        {
            return PushReadResult.Malformed($"The body must be a JSON object, not {Describe(body.Element.ValueKind)}.");
        }

        Dictionary<string, string[]>? errors = null;
        foreach (var name in body.DuplicateNames)
        {
            (errors ??= [])[name] = [$"'{name}' appears more than once (names are case-insensitive)."];
        }

        var notifyType = impliedNotifyType ?? body["notifyType"].Text;
        if (impliedNotifyType is null && NotifyTypeError(body["notifyType"]) is { } error)
        {
            (errors ??= [])["notifyType"] = [error];
        }

        return errors is null ? PushReadResult.Read(new PushDocument(body, notifyType!)) : PushReadResult.Invalid(errors);
    }

    private static string? NotifyTypeError(WireValue notifyType) => notifyType.Kind switch
    {
        WireKind.Missing => "'notifyType' is required.",
        WireKind.InvalidText => WireRules.InvalidUnicode("notifyType"),
        WireKind.Text when notifyType.Element.ValueKind != JsonValueKind.String => "'notifyType' must be a string.",
        WireKind.Text when notifyType.Text!.Length == 0 => "'notifyType' must not be empty.",
        WireKind.Text when WireRules.HasControlCharacters(notifyType.Text!) => WireRules.ControlCharacters("notifyType"),
        WireKind.Text => null,
        _ => "'notifyType' must be a string.",
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

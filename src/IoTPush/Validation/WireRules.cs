using FluentValidation;
using IoTPush.Receiving;

namespace IoTPush.Validation;

/// <summary>
/// The reading rules for one field, as FluentValidation rules over a <see cref="WireValue"/>. Text may be a JSON
/// string or number. Identifiers and enumerated values must be non-empty and free of control characters
/// (they land in columns and log lines); free text may be empty. Optional fields may be missing or null.
/// </summary>
public static class WireRules
{
    public const int MaxIdentifierLength = 256;

    /// <summary>Mandatory text: present, not null, a string or a number, valid Unicode; may be empty.</summary>
    public static IRuleBuilderOptions<T, WireValue> Text<T>(this IRuleBuilder<T, WireValue> rule) =>
        rule
            .Must(value => value.Kind != WireKind.Missing).WithMessage("'{PropertyPath}' is required.")
            .Must(value => value.Kind != WireKind.Null).WithMessage("'{PropertyPath}' must not be null.")
            .Must(value => value.Kind != WireKind.InvalidText).WithMessage(InvalidUnicode("{PropertyPath}"))
            .Must(value => value.IsText).WithMessage("'{PropertyPath}' must be a string.");

    public static IRuleBuilderOptions<T, WireValue> NonEmptyText<T>(this IRuleBuilder<T, WireValue> rule) =>
        rule.Text().Must(value => value.Text!.Length > 0).WithMessage("'{PropertyPath}' must not be empty.");

    /// <summary>An identifier: non-empty text of at most <paramref name="maxLength"/> characters, no control characters.</summary>
    public static IRuleBuilderOptions<T, WireValue> Identifier<T>(this IRuleBuilder<T, WireValue> rule, int maxLength = MaxIdentifierLength) =>
        rule.NonEmptyText()
            .Must(value => value.Text!.Length <= maxLength).WithMessage($"'{{PropertyPath}}' must be at most {maxLength} characters.")
            .Must(value => !HasControlCharacters(value.Text!)).WithMessage(ControlCharacters("{PropertyPath}"));

    /// <summary>An enumerated value, matched exactly as documented.</summary>
    public static IRuleBuilderOptions<T, WireValue> OneOf<T>(this IRuleBuilder<T, WireValue> rule, IReadOnlyList<string> allowed) =>
        rule.NonEmptyText()
            .Must(value => !HasControlCharacters(value.Text!)).WithMessage(ControlCharacters("{PropertyPath}"))
            .Must(value => allowed.Contains(value.Text!, StringComparer.Ordinal))
            .WithMessage($"'{{PropertyPath}}' must be one of: {string.Join(", ", allowed)}.");

    /// <summary>Optional text: missing or null, or else text as <see cref="Text{T}"/> reads it.</summary>
    public static IRuleBuilderOptions<T, WireValue> OptionalText<T>(this IRuleBuilder<T, WireValue> rule) =>
        rule
            .Must(value => value.Kind != WireKind.InvalidText).WithMessage(InvalidUnicode("{PropertyPath}"))
            .Must(value => value.Kind is WireKind.Missing or WireKind.Null or WireKind.Text).WithMessage("'{PropertyPath}' must be a string.");

    /// <summary>An optional identifier: missing or null, or else an identifier.</summary>
    public static IRuleBuilderOptions<T, WireValue> OptionalIdentifier<T>(this IRuleBuilder<T, WireValue> rule, int maxLength = MaxIdentifierLength) =>
        rule.OptionalText()
            .Must(value => !value.IsText || HasIdentifierLength(value.Text!, maxLength))
            .WithMessage($"'{{PropertyPath}}' must be from 1 to {maxLength} characters.")
            .Must(value => !value.IsText || !HasControlCharacters(value.Text!)).WithMessage(ControlCharacters("{PropertyPath}"));

    /// <summary>Text an identifier may be: 1 to <paramref name="maxLength"/> characters, no control characters.</summary>
    public static bool IsIdentifier(string text, int maxLength = MaxIdentifierLength) =>
        HasIdentifierLength(text, maxLength) && !HasControlCharacters(text);

    private static bool HasIdentifierLength(string text, int maxLength) => text.Length is > 0 && text.Length <= maxLength;

    /// <summary>A mandatory object (its fields are checked by its own validator).</summary>
    public static IRuleBuilderOptions<T, WireValue> Object<T>(this IRuleBuilder<T, WireValue> rule) =>
        rule
            .Must(value => value.Kind != WireKind.Missing).WithMessage("'{PropertyPath}' is required.")
            .Must(value => value.Kind != WireKind.Null).WithMessage("'{PropertyPath}' must not be null.")
            .Must(value => value.Kind == WireKind.Object).WithMessage("'{PropertyPath}' must be an object.");

    public static IRuleBuilderOptions<T, WireValue> OptionalObject<T>(this IRuleBuilder<T, WireValue> rule) =>
        rule.Must(value => value.Kind is WireKind.Missing or WireKind.Null or WireKind.Object).WithMessage("'{PropertyPath}' must be an object.");

    /// <summary>A mandatory array of objects (each checked by its own validator).</summary>
    public static IRuleBuilderOptions<T, WireValue> ArrayOfObjects<T>(this IRuleBuilder<T, WireValue> rule) =>
        rule
            .Must(value => value.Kind != WireKind.Missing).WithMessage("'{PropertyPath}' is required.")
            .Must(value => value.Kind != WireKind.Null).WithMessage("'{PropertyPath}' must not be null.")
            .Must(value => value.Kind == WireKind.Array).WithMessage("'{PropertyPath}' must be an array.")
            .Must(value => value.Items.All(item => item.Kind == WireKind.Object)).WithMessage("Every item of '{PropertyPath}' must be an object.");

    /// <summary>Any JSON value but a missing one or null.</summary>
    public static IRuleBuilderOptions<T, WireValue> Present<T>(this IRuleBuilder<T, WireValue> rule) =>
        rule
            .Must(value => value.Kind != WireKind.Missing).WithMessage("'{PropertyPath}' is required.")
            .Must(value => value.Kind != WireKind.Null).WithMessage("'{PropertyPath}' must not be null.");

    /// <summary>U+0000–U+001F or U+007F: never in an identifier, an enumerated value or a notifyType.</summary>
    public static bool HasControlCharacters(string text) => text.AsSpan().ContainsAnyInRange('\u0000', '\u001f') || text.Contains('\u007f');

    public static string ControlCharacters(string field) => $"'{field}' must not contain control characters (U+0000 to U+001F, U+007F).";

    public static string InvalidUnicode(string field) => $"'{field}' is not valid Unicode: it holds a lone surrogate.";
}

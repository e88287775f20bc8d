using FluentValidation;
using IoTPush.Receiving;

namespace IoTPush.Validation;

/// <summary>
/// The reading rules of DESIGN.md for one string-typed field. Every field is mandatory and must not be
/// null; identifiers and enumerated values must also be non-empty; free text may be empty.
/// </summary>
public static class FieldRules
{
    public const int MaxIdentifierLength = 256;

    public static IRuleBuilderOptions<T, WireField> PresentText<T>(this IRuleBuilder<T, WireField> rule) =>
        rule
            .Must(field => field.Kind != WireFieldKind.Missing).WithMessage("'{PropertyName}' is required.")
            .Must(field => field.Kind != WireFieldKind.Null).WithMessage("'{PropertyName}' must not be null.")
            .Must(field => field.Kind != WireFieldKind.WrongType).WithMessage("'{PropertyName}' must be a string.");

    public static IRuleBuilderOptions<T, WireField> NonEmptyText<T>(this IRuleBuilder<T, WireField> rule) =>
        rule.PresentText()
            .Must(field => field.Text!.Length > 0).WithMessage("'{PropertyName}' must not be empty.");

    public static IRuleBuilderOptions<T, WireField> Identifier<T>(this IRuleBuilder<T, WireField> rule) =>
        rule.NonEmptyText()
            .Must(field => field.Text!.Length <= MaxIdentifierLength)
            .WithMessage($"'{{PropertyName}}' must be at most {MaxIdentifierLength} characters.");

    public static IRuleBuilderOptions<T, WireField> OneOf<T>(this IRuleBuilder<T, WireField> rule, IReadOnlyList<string> allowed) =>
        rule.NonEmptyText()
            .Must(field => allowed.Contains(field.Text!, StringComparer.Ordinal))
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", allowed)}.");
}

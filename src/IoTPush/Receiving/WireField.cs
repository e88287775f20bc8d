namespace IoTPush.Receiving;

/// <summary>What a top-level property of a push holds, as far as the string-typed spec cares.</summary>
public enum WireFieldKind
{
    Missing,
    Null,
    /// <summary>A JSON string, or a JSON number read as its literal text ("step": 1 reads as "1").</summary>
    Text,
    /// <summary>An object, array or boolean where the spec says string.</summary>
    WrongType,
}

/// <summary>One top-level property of a push, read leniently: numbers count as text.</summary>
public readonly record struct WireField(WireFieldKind Kind, string? Text)
{
    public static WireField Missing { get; } = new(WireFieldKind.Missing, null);

    public bool IsText => Kind == WireFieldKind.Text;
}

namespace IoTPush.Receiving;

/// <summary>The outcome of reading a push envelope: a document, a malformed body, or field errors.</summary>
public sealed class PushReadResult
{
    private PushReadResult(PushDocument? document, string? malformed, IDictionary<string, string[]>? errors)
    {
        Document = document;
        MalformedDetail = malformed;
        Errors = errors;
    }

    public PushDocument? Document { get; }

    /// <summary>Why the body is not a JSON object at all, when it is not.</summary>
    public string? MalformedDetail { get; }

    /// <summary>Errors keyed by wire field name, when the envelope is an object but broken.</summary>
    public IDictionary<string, string[]>? Errors { get; }

    public static PushReadResult Read(PushDocument document) => new(document, null, null);

    public static PushReadResult Malformed(string detail) => new(null, detail, null);

    public static PushReadResult Invalid(IDictionary<string, string[]> errors) => new(null, null, errors);
}

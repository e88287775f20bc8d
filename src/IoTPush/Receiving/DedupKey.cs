using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IoTPush.Receiving;

/// <summary>
/// The dedup key of a push: SHA-256 of its canonical JSON, so that two deliveries of one notification get the same
/// key however the sender formatted them, and two different notifications never do. Canonical: properties sorted by
/// name at every depth, names lower-cased (ASCII letters only, ordinally, so that no two Unicode letters fold into
/// one), no whitespace, strings re-escaped one way, numbers as written. Two names of one object that differ only in
/// letter case keep their own spelling, so that they are never merged into one. A body holding text that is not
/// valid Unicode (a lone surrogate) cannot be re-escaped: its key is the hash of its bytes as received, marked apart.
/// </summary>
public static class DedupKey
{
    private const byte RawBodyMark = 0x01; // canonical JSON starts with '{', so the two kinds of key never meet

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    // One buffer and writer per thread, reset for each push: the key is computed for every push received.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _scratch;

    public static byte[] Compute(JsonElement root)
    {
        var (buffer, writer) = _scratch ??= NewScratch();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        if (TryWriteCanonical(writer, root))
        {
            writer.Flush();
            var key = SHA256.HashData(buffer.WrittenSpan);
            if (buffer.Capacity > 64 * 1024)
            {
                _scratch = null; // a big push: let its buffer go
            }

            return key;
        }

        var raw = JsonMarshal.GetRawUtf8Value(root);
        var marked = new byte[raw.Length + 1];
        marked[0] = RawBodyMark;
        raw.CopyTo(marked.AsSpan(1));
        return SHA256.HashData(marked);
    }

    /// <summary>The canonical form as text, or null for a body that has none; for tests and for operators comparing bodies.</summary>
    public static string? Canonical(JsonElement root) =>
        TryCanonicalBytes(root) is { } canonical ? System.Text.Encoding.UTF8.GetString(canonical.WrittenSpan) : null;

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewScratch()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        return (buffer, new Utf8JsonWriter(buffer, WriterOptions));
    }

    private static ArrayBufferWriter<byte>? TryCanonicalBytes(JsonElement root)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        if (!TryWriteCanonical(writer, root))
        {
            return null;
        }

        writer.Flush();
        return buffer;
    }

    private static bool TryWriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<(string Folded, string Name, int Position, JsonElement Value)>();
                foreach (var property in element.EnumerateObject())
                {
                    if (!WireValue.TryReadName(property, out var name))
                    {
                        return false;
                    }

                    properties.Add((FoldAscii(name), name, properties.Count, property.Value));
                }

                properties.Sort((a, b) => (string.CompareOrdinal(a.Folded, b.Folded), string.CompareOrdinal(a.Name, b.Name)) switch
                {
                    (0, 0) => a.Position.CompareTo(b.Position),
                    (0, var byName) => byName,
                    (var byFolded, _) => byFolded,
                });
                writer.WriteStartObject();
                for (var i = 0; i < properties.Count; i++)
                {
                    var (folded, name, _, value) = properties[i];
                    var merges = (i > 0 && properties[i - 1].Folded == folded) || (i + 1 < properties.Count && properties[i + 1].Folded == folded);
                    writer.WritePropertyName(merges ? name : folded);
                    if (!TryWriteCanonical(writer, value))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                return true;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    if (!TryWriteCanonical(writer, item))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;
            case JsonValueKind.String:
                // Without escapes, the value is its bytes between the quotes (valid UTF-8: the body was checked).
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    writer.WriteStringValue(raw[1..^1]);
                    return true;
                }

                if (WireValue.Of(element) is not { Kind: WireKind.Text } text)
                {
                    return false;
                }

                writer.WriteStringValue(text.Text);
                return true;
            default:
                // Numbers, true, false and null exactly as written.
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);
                return true;
        }
    }

    /// <summary>A-Z to a-z and nothing else: Unicode case folding would merge names (the Kelvin sign K with k).</summary>
    private static string FoldAscii(string name) =>
        name.AsSpan().ContainsAnyInRange('A', 'Z')
            ? string.Create(name.Length, name, (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = source[i] is >= 'A' and <= 'Z' ? (char)(source[i] + 32) : source[i];
                }
            })
            : name;
}

using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IoTPush.Receiving;

/// <summary>
/// The dedup key of a push: SHA-256 of its canonical JSON — properties sorted by lower-cased name at
/// every depth, names lower-cased, no whitespace, strings re-escaped one way, numbers as written.
/// Two deliveries of the same notification get the same key however the sender formatted them.
/// </summary>
public static class DedupKey
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    public static byte[] Compute(JsonElement root) => SHA256.HashData(CanonicalBytes(root).WrittenSpan);

    /// <summary>The canonical form as text; for tests and for operators comparing two bodies.</summary>
    public static string Canonical(JsonElement root) =>
        System.Text.Encoding.UTF8.GetString(CanonicalBytes(root).WrittenSpan);

    private static ArrayBufferWriter<byte> CanonicalBytes(JsonElement root)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        WriteCanonical(writer, root);
        writer.Flush();
        return buffer;
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var properties = element.EnumerateObject()
                    .Select(property => (Name: property.Name.ToLowerInvariant(), property.Value))
                    .OrderBy(property => property.Name, StringComparer.Ordinal);
                foreach (var (name, value) in properties)
                {
                    writer.WritePropertyName(name);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                // Numbers, true, false and null exactly as written.
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
        }
    }
}

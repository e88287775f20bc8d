using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace IoTPush.Receiving;

/// <summary>
/// Turns a push that its validator has passed into its record, with System.Text.Json read the platform's way:
/// names in any letter case, numbers where strings are documented, unknown properties skipped. Mandatory fields
/// were checked by the validator (including the case-insensitive and alternative spellings that the serializer's
/// own <c>required</c> check would not know), so that check is off here.
/// </summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The record of type <paramref name="type"/> that <paramref name="body"/> describes.</summary>
    public static object Deserialize(JsonElement body, Type type)
    {
        try
        {
            return body.Deserialize(type, Options)!;
        }
        catch (JsonException)
        {
            // A property name that is not valid Unicode (a lone surrogate) stops the serializer even where it
            // would skip the property; such a name cannot be a field of the record, so it is left out.
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteWithoutUnreadableNames(writer, body);
            }

            return JsonSerializer.Deserialize(buffer.WrittenSpan, type, Options)!;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NothingRequired } },
        };
        options.Converters.Add(new TextOrNumberConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void NothingRequired(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            property.IsRequired = false;
        }
    }

    private static void WriteWithoutUnreadableNames(Utf8JsonWriter writer, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray();
            foreach (var item in element.EnumerateArray())
            {
                WriteWithoutUnreadableNames(writer, item);
            }

            writer.WriteEndArray();
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            element.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var property in element.EnumerateObject())
        {
            if (WireValue.TryReadName(property, out var name))
            {
                writer.WritePropertyName(name);
                WriteWithoutUnreadableNames(writer, property.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>A string read from a JSON string, or from a JSON number as its literal text ("step": 1 reads as "1").</summary>
    private sealed class TextOrNumberConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan)
                : reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

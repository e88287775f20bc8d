using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace IoTPush.Service.Logging;

/// <summary>
/// Rewrites text values before they reach a plain-text sink, so that a value taken from a request (a pushed
/// deviceId, a path) cannot end a line, forge another one or drive the terminal: control characters (C0, DEL,
/// C1), line and paragraph separators, bidirectional overrides and lone surrogates become <c>\n</c>,
/// <c>\r</c>, <c>\t</c> or <c>\uXXXX</c>.
/// </summary>
public sealed class LogValueEscaping : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? escaped = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (Escape(value) is { } replacement)
            {
                (escaped ??= []).Add(new LogEventProperty(name, replacement));
            }
        }

        foreach (var property in escaped ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The text with every unsafe character escaped; the same instance when there is none.</summary>
    public static string Escape(string text)
    {
        var first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (!IsUnsafe(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                });
            }
        }

        return builder.ToString();
    }

    private static LogEventPropertyValue? Escape(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } when FirstUnsafe(text) >= 0 => new ScalarValue(Escape(text)),
        SequenceValue sequence when sequence.Elements.Any(element => Escape(element) is not null) =>
            new SequenceValue(sequence.Elements.Select(element => Escape(element) ?? element)),
        StructureValue structure when structure.Properties.Any(property => Escape(property.Value) is not null) =>
            new StructureValue(
                structure.Properties.Select(property => new LogEventProperty(property.Name, Escape(property.Value) ?? property.Value)),
                structure.TypeTag),
        DictionaryValue dictionary when dictionary.Elements.Any(pair => Escape(pair.Value) is not null) =>
            new DictionaryValue(dictionary.Elements.Select(pair =>
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(pair.Key, Escape(pair.Value) ?? pair.Value))),
        _ => null,
    };

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return i;
            }
        }

        return -1;
    }

    // Called only for characters that are not the first half of a surrogate pair.
    private static bool IsUnsafe(char c) =>
        c < ' ' || c is >= '\u007f' and <= '\u009f' or '\u2028' or '\u2029' or >= '\u202a' and <= '\u202e'
            or >= '\u2066' and <= '\u2069' || char.IsSurrogate(c);
}

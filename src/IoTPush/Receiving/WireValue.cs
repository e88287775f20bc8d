using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace IoTPush.Receiving;

/// <summary>What a JSON value of a push holds, as far as the string-typed spec cares.</summary>
public enum WireKind
{
    Missing,
    Null,

    /// <summary>A JSON string, or a JSON number read as its literal text ("step": 1 reads as "1").</summary>
    Text,

    /// <summary>A string that is not valid Unicode: it holds a lone surrogate (<c>"\ud800"</c>).</summary>
    InvalidText,
    Object,
    Array,
    Boolean,
}

/// <summary>
/// One JSON value of a push, read as the platform's docs mean it: numbers count as text, and an object's
/// properties are looked up case-insensitively (the docs spell <c>status</c> as <c>$Status</c> in places).
/// An object's properties are indexed on first lookup, once; nothing here throws on odd input.
/// </summary>
public sealed class WireValue
{
    private static readonly WireValue MissingValue = new(default, WireKind.Missing, null);

    private Dictionary<string, Member>? _members;
    private List<string>? _duplicateNames;

    private WireValue(JsonElement element, WireKind kind, string? text)
    {
        Element = element;
        Kind = kind;
        Text = text;
    }

    public WireKind Kind { get; }

    /// <summary>The value itself (default for <see cref="WireKind.Missing"/>).</summary>
    public JsonElement Element { get; }

    /// <summary>A string's value or a number's literal text; null for every other kind.</summary>
    public string? Text { get; }

    public static WireValue Missing => MissingValue;

    public static WireValue Of(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => TryGetString(element, out var text)
            ? new WireValue(element, WireKind.Text, text)
            : new WireValue(element, WireKind.InvalidText, null),
        JsonValueKind.Number => new WireValue(element, WireKind.Text, element.GetRawText()),
        JsonValueKind.Null => new WireValue(element, WireKind.Null, null),
        JsonValueKind.Object => new WireValue(element, WireKind.Object, null),
        JsonValueKind.Array => new WireValue(element, WireKind.Array, null),
        JsonValueKind.True or JsonValueKind.False => new WireValue(element, WireKind.Boolean, null),
        _ => MissingValue,
    };

    /// <summary>An object's property, by name in any letter case (the first, if named twice); missing otherwise.</summary>
    public WireValue this[string name]
    {
        get
        {
            if (Kind != WireKind.Object || !Members().TryGetValue(name, out var member))
            {
                return MissingValue;
            }

            return member.Value ??= Of(member.Element);
        }
    }

    /// <summary>An array's items; none for any other kind.</summary>
    public IEnumerable<WireValue> Items => Kind == WireKind.Array ? Element.EnumerateArray().Select(Of) : [];

    /// <summary>An object's property names, as first written, that appear more than once in other letter case or the same.</summary>
    public IReadOnlyList<string> DuplicateNames
    {
        get
        {
            if (Kind == WireKind.Object)
            {
                Members();
            }

            return _duplicateNames ?? (IReadOnlyList<string>)[];
        }
    }

    public bool IsText => Kind == WireKind.Text;

    /// <summary>A property name as written; a name that is not valid Unicode is kept in its escaped form.</summary>
    public static string NameOf(JsonProperty property) =>
        TryReadName(property, out var name) ? name : Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property));

    /// <summary>A property name, unless it is not valid Unicode (a lone surrogate), which no .NET string can hold as written.</summary>
    public static bool TryReadName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private static bool TryGetString(JsonElement element, out string? text)
    {
        try
        {
            text = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private Dictionary<string, Member> Members()
    {
        if (_members is { } members)
        {
            return members;
        }

        members = new Dictionary<string, Member>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in Element.EnumerateObject())
        {
            var name = NameOf(property);
            if (members.TryGetValue(name, out var first))
            {
                // Keyed by the name as first written, which is the field the sender meant; reported once.
                if (!first.Repeated)
                {
                    first.Repeated = true;
                    (_duplicateNames ??= []).Add(first.Name);
                }
            }
            else
            {
                members.Add(name, new Member(name, property.Value));
            }
        }

        return _members = members;
    }

    private sealed class Member(string name, JsonElement element)
    {
        public string Name { get; } = name;
        public JsonElement Element { get; } = element;
        public WireValue? Value { get; set; }
        public bool Repeated { get; set; }
    }
}

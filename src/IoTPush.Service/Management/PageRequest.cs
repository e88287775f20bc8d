using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace IoTPush.Service.Management;

/// <summary>
/// <c>limit</c> (default 100, at most 1000) and <c>cursor</c>: an opaque token naming the last item of
/// the previous page (base64url of a JSON array of strings), made by <see cref="Cursor"/>.
/// </summary>
public sealed record PageRequest(int Limit, string[]? After)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Reads the query parameters; errors are keyed by parameter name.</summary>
    public static PageRequest? TryRead(string? limit, string? cursor, int cursorParts, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"'limit' must be a whole number from 1 to {MaxLimit}."];
        }

        var after = cursor is null ? null : Decode(cursor);
        if (cursor is not null && after?.Length != cursorParts)
        {
            errors["cursor"] = ["'cursor' is not a cursor this list gave out; start again without it."];
        }

        return errors.Count == 0 ? new PageRequest(size, after) : null;
    }

    /// <summary>The cursor for the page after the one ending with the item these parts name.</summary>
    public static string Cursor(params string[] parts) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(parts));

    private static string[]? Decode(string cursor)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Base64Url.DecodeFromChars(cursor));
            return parts is not null && parts.All(part => part is not null) ? parts : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}

using Microsoft.Net.Http.Headers;

namespace IoTPush.Receiving;

/// <summary>Which Content-Type headers a push may carry: JSON (or a +json type), in UTF-8.</summary>
public static class JsonContentType
{
    /// <summary>Null when the header is acceptable, else why it is not.</summary>
    public static string? Check(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return "A push must be sent with Content-Type: application/json.";
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return $"Content-Type '{contentType}' is not JSON; send application/json.";
        }

        // JSON on the wire is UTF-8 (RFC 8259); a push declaring another charset was encoded wrongly.
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        return charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? $"Charset '{charset}' is not supported; JSON must be UTF-8."
            : null;
    }
}

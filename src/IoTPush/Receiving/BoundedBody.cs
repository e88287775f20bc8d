using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace IoTPush.Receiving;

/// <summary>
/// Reads a request body of at most a given size, whatever Content-Length says (or whether it says
/// anything: chunked bodies are counted as they arrive).
/// </summary>
public static class BoundedBody
{
    /// <summary>
    /// Buffers the whole body and passes it to <paramref name="use"/>; returns null when it is larger
    /// than <paramref name="maxBytes"/>. The buffer is only valid inside <paramref name="use"/>.
    /// </summary>
    public static async Task<TResult?> ReadAsync<TResult>(
        HttpRequest request, int maxBytes, Func<ReadOnlySequence<byte>, Task<TResult>> use, CancellationToken cancellationToken)
        where TResult : class
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        var read = await reader.ReadAtLeastAsync(maxBytes + 1, cancellationToken);
        var buffer = read.Buffer;
        try
        {
            return buffer.Length > maxBytes ? null : await use(buffer);
        }
        finally
        {
            reader.AdvanceTo(buffer.End);
        }
    }
}

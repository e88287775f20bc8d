namespace IoTPush.Service.Logging;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Request-Id</c> when it is a sane token,
/// otherwise the request's trace id. It is the request's TraceIdentifier, is returned in the response, and
/// appears in the request log line, so a push can be followed from nginx's log to ours.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxLength = 128;

    public Task InvokeAsync(HttpContext context)
    {
        var offered = context.Request.Headers[HeaderName].ToString();
        context.TraceIdentifier = IsSane(offered)
            ? offered
            : System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
        context.Response.Headers[HeaderName] = context.TraceIdentifier;
        return next(context);
    }

    // Letters, digits and . _ : - only: whatever a caller sends ends up in log lines.
    private static bool IsSane(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');
}

public static class RequestIdMiddlewareExtensions
{
    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) => app.UseMiddleware<RequestIdMiddleware>();
}

using System.Diagnostics;
using IoTPush.Receiving;

namespace IoTPush.Service.Logging;

/// <summary>
/// One structured line per request, written when it completes. The path is logged without its query
/// string, which may carry the callback token. This is the seam Serilog.AspNetCore's
/// UseSerilogRequestLogging would fill; <see cref="PushLogFields"/> plays its IDiagnosticContext.
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var request = context.Request;
            var status = context.Response.StatusCode;
            var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
            // After UseForwardedHeaders: the real client when the sender is a configured proxy.
            var client = context.Connection.RemoteIpAddress?.ToString();
            if (context.Features.Get<PushLogFields>() is { } push)
            {
                LogPush(level, request.Method, request.PathBase + request.Path, status, elapsed, push.NotifyType, push.DeviceId,
                    push.OperationId, client, context.TraceIdentifier);
            }
            else
            {
                LogRequest(level, request.Method, request.PathBase + request.Path, status, elapsed, client, context.TraceIdentifier);
            }
        }
    }

    [LoggerMessage(EventId = 3001,
        Message = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms; {NotifyType} device {DeviceId} operation {OperationId} from {ClientAddress} [{RequestId}]")]
    private partial void LogPush(LogLevel level, string requestMethod, PathString requestPath, int statusCode, double elapsed,
        string? notifyType, string? deviceId, string? operationId, string? clientAddress, string requestId);

    [LoggerMessage(EventId = 3002,
        Message = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms from {ClientAddress} [{RequestId}]")]
    private partial void LogRequest(LogLevel level, string requestMethod, PathString requestPath, int statusCode, double elapsed,
        string? clientAddress, string requestId);
}

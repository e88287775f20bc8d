using Serilog;
using Serilog.Events;

namespace IoTPush.Service.Logging;

/// <summary>
/// One line per request, written when it completes, by Serilog's request logging: method, path (never the query
/// string), status and elapsed time; the receiver adds notifyType, deviceId and operationId through
/// <see cref="IDiagnosticContext"/>, and this adds the client address and the request id.
/// </summary>
public static class RequestLogging
{
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger; by default the middleware writes to the static Log.Logger.
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = MessageTemplate;
            options.IncludeQueryInRequestPath = false;
            options.GetLevel = Level;
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                // After UseForwardedHeaders: the real client when the sender is a configured proxy.
                diagnostics.Set("ClientAddress", http.Connection.RemoteIpAddress?.ToString());
                diagnostics.Set("RequestId", http.TraceIdentifier);
            };
        });

    // Load balancers probe the health endpoints every few seconds: those lines are Debug unless they fail.
    private static LogEventLevel Level(HttpContext http, double elapsed, Exception? exception) =>
        exception is not null || http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
        : http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) ? LogEventLevel.Debug
        : LogEventLevel.Information;
}

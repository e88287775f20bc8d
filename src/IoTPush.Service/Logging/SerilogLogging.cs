using Serilog;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Json;

namespace IoTPush.Service.Logging;

public static class SerilogLogging
{
    /// <summary>
    /// Serilog as the only logging provider: levels, enrichers and any further sinks from the <c>Serilog</c>
    /// section; the console sink here, asynchronous so that no request waits on it, as text or, with
    /// <c>Logs:Format=Json</c>, one JSON object per line for log shippers. (Serilog.AspNetCore's UseSerilog
    /// would do this; it cannot be restored here.) Built from the final configuration when first resolved.
    /// </summary>
    public static WebApplicationBuilder AddSerilogLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // Let Serilog's MinimumLevel decide; the framework's own default filter would drop Debug.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        // The framework's "Request starting/finished" lines carry the query string, where the callback
        // token travels; our own request line replaces them, so they are kept out whatever the levels say.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.Services.AddSingleton<ILoggerProvider>(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var json = string.Equals(configuration["Logs:Format"], "Json", StringComparison.OrdinalIgnoreCase);
            var logger = new LoggerConfiguration()
                .ReadFrom.Configuration(configuration)
                .WriteTo.Async(sink =>
                {
                    if (json)
                    {
                        sink.Console(new JsonFormatter(renderMessage: true));
                    }
                    else
                    {
                        sink.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
                    }
                })
                .CreateLogger();
            return new SerilogLoggerProvider(logger, dispose: true);
        });
        return builder;
    }
}

using Serilog;
using Serilog.Extensions.Logging;

namespace IoTPush.Service.Logging;

public static class SerilogLogging
{
    /// <summary>
    /// Serilog from the <c>Serilog</c> configuration section, as the only logging provider.
    /// (Serilog.AspNetCore's UseSerilog would do this; it cannot be restored here.) The logger is built
    /// from the final configuration when first resolved, so every configuration source counts.
    /// </summary>
    public static WebApplicationBuilder AddSerilogLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // Let Serilog's MinimumLevel decide; the framework's own default filter would drop Debug.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        // The framework's "Request starting/finished" lines carry the query string, where the callback
        // token travels; our own request line replaces them, so they are kept out whatever the levels say.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.Services.AddSingleton<ILoggerProvider>(provider => new SerilogLoggerProvider(
            new LoggerConfiguration().ReadFrom.Configuration(provider.GetRequiredService<IConfiguration>()).CreateLogger(),
            dispose: true));
        return builder;
    }
}

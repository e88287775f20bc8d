using IoTPush.Service.Hosting;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Templates;

namespace IoTPush.Service.Logging;

/// <summary>
/// Serilog (Serilog.AspNetCore) is the logging pipeline: levels, enrichers and further sinks come from the
/// <c>Serilog</c> section; this adds one standard-output sink, batched so that no request waits on it, writing text
/// or, with <c>Logs:Format=Json</c>, Serilog's rendered compact JSON (one object per line, for log shippers).
/// </summary>
public static class SerilogLogging
{
    public const string FormatKey = "Logs:Format";

    // One event per line. Request lines add the push's fields, the client and the request id when they are set.
    private const string TextTemplate =
        "[{@t:HH:mm:ss.fff} {@l:u3}] {SourceContext}: {@m}"
        + "{#if NotifyType is not null}; {NotifyType} device {DeviceId} operation {OperationId}{#end}"
        + "{#if ClientAddress is not null} from {ClientAddress}{#end}"
        + "{#if RequestId is not null} [{RequestId}]{#end}\n{@x}";

    // Lines that carry the request's query string, where the callback token travels: kept out whatever the
    // configured levels say (Kestrel's bad-request lines quote the raw request line at Debug).
    private static readonly string[] QueryStringSources =
        ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Server.Kestrel.BadRequests"];

    public static WebApplicationBuilder AddSerilogLogging(this WebApplicationBuilder builder)
    {
        // The static Log.Logger is left alone: this logger belongs to this host (tests run several in one process).
        builder.Services.AddSerilog(
            (services, logger) => Configure(logger, services.GetRequiredService<IConfiguration>(), services), preserveStaticLogger: true);
        return builder;
    }

    public static bool IsJson(IConfiguration configuration) =>
        string.Equals(configuration[FormatKey], "Json", StringComparison.OrdinalIgnoreCase);

    private static void Configure(LoggerConfiguration logger, IConfiguration configuration, IServiceProvider services)
    {
        var json = IsJson(configuration);
        logger.ReadFrom.Configuration(configuration).ReadFrom.Services(services);
        foreach (var source in QueryStringSources)
        {
            logger.MinimumLevel.Override(source, LogEventLevel.Warning);
        }

        // The host logs a failed start with its stack trace; StartupCheck reports it as one line instead.
        logger.Filter.ByExcluding(StartupCheck.IsHostStartFailure);
        if (!json)
        {
            // JSON escapes every value itself; plain text needs it done, so that a pushed value cannot forge a line.
            logger.Enrich.With<LogValueEscaping>();
        }

        // Batched: lines reach standard output in one write per batch, at most a tenth of a second late. A bounded
        // queue: under a flood of lines beyond it, lines are dropped rather than requests slowed.
        logger.WriteTo.Sink(new BatchedConsoleSink(Formatter(json)), new BatchingOptions
        {
            BatchSizeLimit = 1000,
            BufferingTimeLimit = TimeSpan.FromMilliseconds(100),
            EagerlyEmitFirstEvent = true,
            QueueLimit = 100_000,
        });
    }

    /// <summary>A synchronous console logger in the configured format, for when the host's own is gone.</summary>
    public static Logger ConsoleLogger(IConfiguration configuration)
    {
        var json = IsJson(configuration);
        var logger = new LoggerConfiguration().WriteTo.Console(Formatter(json));
        return (json ? logger : logger.Enrich.With<LogValueEscaping>()).CreateLogger();
    }

    private static ITextFormatter Formatter(bool json) => json ? new RenderedCompactJsonFormatter() : new ExpressionTemplate(TextTemplate);
}

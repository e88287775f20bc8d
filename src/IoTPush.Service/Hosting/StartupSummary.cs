using IoTPush.Dispatch;
using IoTPush.Receiving;
using IoTPush.Service.Management;
using IoTPush.Service.OpenApi;
using IoTPush.Service.Storage;
using Microsoft.Extensions.Options;

namespace IoTPush.Service.Hosting;

/// <summary>One line at start that says what is running (never a secret), and a warning when anyone may push.</summary>
public static partial class StartupSummary
{
    public static void LogStartupSummary(this WebApplication app)
    {
        var services = app.Services;
        var receiver = services.GetRequiredService<IOptions<ReceiverOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("IoTPush.Service.Startup");
        LogSummary(
            logger,
            services.GetRequiredService<IDatabase>().Description,
            OnOff(OpenApiDocs.IsEnabled(app)),
            services.GetRequiredService<IOptions<ManagementOptions>>().Value.ApiKeys.Length,
            OnOff(receiver.CallbackTokens.Length > 0),
            OnOff(receiver.AllowedNetworks.Length > 0),
            OnOff(services.GetRequiredService<IOptions<DispatchOptions>>().Value.Enabled));
        if (receiver.CallbackTokens.Length == 0 && receiver.AllowedNetworks.Length == 0)
        {
            LogOpenToAnyone(logger);
        }
    }

    private static string OnOff(bool on) => on ? "on" : "off";

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message =
        "IoTPush: store {Store}; Swagger {Swagger}; management API keys {ApiKeyCount}; callback tokens {CallbackTokens}; allowlist {Allowlist}; dispatch {Dispatch}")]
    private static partial void LogSummary(ILogger logger, string store, string swagger, int apiKeyCount, string callbackTokens,
        string allowlist, string dispatch);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message =
        "The receiver accepts pushes from anyone: set Receiver:CallbackTokens (and subscribe the callback URL with ?token=...) or Receiver:AllowedNetworks")]
    private static partial void LogOpenToAnyone(ILogger logger);
}

using System.Reflection;
using IoTPush.Service.Logging;
using Microsoft.Extensions.Options;
using Serilog.Events;

namespace IoTPush.Service.Hosting;

/// <summary>
/// Runs the service so that a bad setting, or a store it cannot use, stops it with one line naming the key
/// (and the file or server), exit code 1 and no stack trace. Options are bound and validated, and the store is
/// opened and migrated, as the host starts (or for the start-up summary, just before).
/// </summary>
public static class StartupCheck
{
    /// <summary>Builds the app, lets <paramref name="configure"/> set up its pipeline and endpoints, and runs it.</summary>
    public static int RunOrReport(this WebApplicationBuilder builder, Action<WebApplication> configure)
    {
        // Read now: a host that failed to start has been disposed, with its services, by the time it throws.
        var configuration = builder.Configuration;
        try
        {
            var app = builder.Build();
            configure(app);
            app.LogStartupSummary();
            app.Run();
            return 0;
        }
        catch (Exception exception) when (exception is not HostAbortedException)
        {
            // The host has been disposed with its logger by now: this line gets a logger of its own.
            using var logger = SerilogLogging.ConsoleLogger(configuration);
            logger.Fatal("IoTPush cannot start: {Problem}", Describe(exception));
            return 1;
        }
    }

    /// <summary>
    /// The framework's own "failed to start" events (the generic host's, and ASP.NET Core's "Application startup
    /// exception"), which carry the stack trace that the one line above replaces.
    /// </summary>
    public static bool IsHostStartFailure(LogEvent logEvent) =>
        logEvent.Level >= LogEventLevel.Error
        && logEvent.Properties.TryGetValue("EventId", out var eventId) && eventId is StructureValue id
        && (Has(id, "Name", "HostedServiceStartupFaulted")
            || (Has(id, "Id", 6) && logEvent.Properties.TryGetValue("SourceContext", out var source)
                && source is ScalarValue { Value: "Microsoft.AspNetCore.Hosting.Diagnostics" }));

    private static bool Has(StructureValue structure, string name, object value) =>
        structure.Properties.Any(property => property.Name == name && property.Value is ScalarValue scalar && Equals(scalar.Value, value));

    /// <summary>What went wrong, in words that name the setting; never a stack trace.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException many => string.Join(" ", many.InnerExceptions.Select(Describe).Distinct()),
        StartupProblem problem => problem.Message,
        TargetInvocationException { InnerException: { } inner } => Describe(inner),
        // Configuration binding names the key: "Failed to convert configuration value at 'Receiver:StoreTimeout' ...".
        _ => exception.InnerException is StartupProblem or OptionsValidationException
            ? Describe(exception.InnerException)
            : $"{exception.Message}",
    };
}

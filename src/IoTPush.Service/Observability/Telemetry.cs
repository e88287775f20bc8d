using IoTPush.Observability;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IoTPush.Service.Observability;

/// <summary>
/// OpenTelemetry metrics and traces: the <c>IoTPush</c> meter and activity source, ASP.NET Core, HttpClient,
/// the runtime and Npgsql. They are exported over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c> and the other standard
/// variables; it is read as the service starts, from the environment, the command line or appsettings). Without
/// it the meter is still there for dotnet-counters, and no span is recorded.
/// </summary>
public static class Telemetry
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("IoTPush"))
            .WithMetrics(metrics => metrics
                .AddMeter(PushMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation());
        if (IsExporting(configuration))
        {
            // Only when exported: spans that go nowhere would cost CPU on every push, and an unsampled trace
            // context would still be sent along with outgoing calls.
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(PushTracing.SourceName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsql())
                .UseOtlpExporter();
        }

        return services;
    }

    public static bool IsExporting(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointKey]);
}

using IoTPush.Observability;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace IoTPush.Service.Observability;

/// <summary>The <c>OpenTelemetry</c> section.</summary>
public sealed class OtlpOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>The collector, e.g. http://collector:4318 (OTLP over HTTP) or http://collector:4317 with Protocol Grpc. Unset: no export.</summary>
    public Uri? Endpoint { get; set; }

    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.HttpProtobuf;

    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Exports the <c>IoTPush</c> meter over OTLP while the service runs, when <c>OpenTelemetry:Endpoint</c> is set.
/// (OpenTelemetry.Extensions.Hosting, which would do this, cannot be restored here; this is its small part.)
/// </summary>
public sealed class OtlpMetricsExport(Microsoft.Extensions.Options.IOptions<OtlpOptions> options) : IHostedService, IDisposable
{
    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Endpoint is not { } endpoint)
        {
            return Task.CompletedTask;
        }

        // Set in code, the HTTP exporter does not add the signal's path itself.
        var target = settings.Protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/"
            ? new Uri(endpoint, "v1/metrics")
            : endpoint;
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(PushMetrics.MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = target;
                exporter.Protocol = settings.Protocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.ExportInterval.TotalMilliseconds;
            })
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider?.ForceFlush(5000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();
}

public static class OtlpMetricsExportServiceCollectionExtensions
{
    public static IServiceCollection AddOtlpMetricsExport(this IServiceCollection services)
    {
        services.AddOptions<OtlpOptions>().BindConfiguration(OtlpOptions.Section)
            .Validate(o => o.Endpoint is null || o.Endpoint.IsAbsoluteUri, "OpenTelemetry:Endpoint must be an absolute URI.")
            .Validate(o => o.ExportInterval >= TimeSpan.FromMilliseconds(100), "OpenTelemetry:ExportInterval must be at least 00:00:00.1.")
            .ValidateOnStart();
        services.AddHostedService<OtlpMetricsExport>();
        return services;
    }
}

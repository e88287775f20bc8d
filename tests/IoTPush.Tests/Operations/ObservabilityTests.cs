using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IoTPush.Dispatch;
using IoTPush.Notifications;
using IoTPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Xunit;

namespace IoTPush.Tests.Operations;

public sealed class ObservabilityTests
{
    private const string StateChange =
        """{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"dev-m","appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading"}""";

    /// <summary>Every measurement of one application's IoTPush meter (tests run side by side in one process).</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();

        public Measurements(IServiceProvider services)
        {
            var factory = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "IoTPush" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> Recorded { get; } = new();

        public double Sum(string instrument, params (string Key, string Value)[] tags) => Recorded
            .Where(m => m.Instrument == instrument && tags.All(tag => m.Tags.GetValueOrDefault(tag.Key) == tag.Value))
            .Sum(m => m.Value);

        public void Observe() => _listener.RecordObservableInstruments();

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            Recorded.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value?.ToString())));
    }

    private sealed class AlwaysFailing : PushMessageReceiver
    {
        public override Task ReceiveAsync(Notification notification, PushContext context) =>
            notification is UpgradeNotification { DeviceId: "doomed" } ? throw new InvalidOperationException("no") : Task.CompletedTask;
    }

    [Fact]
    public async Task Meter_CountsEachOutcome_AndRecordsCommitsDispatchAndDeadLetters()
    {
        FaultyInboxStore? faulty = null;
        await using var app = new IoTPushApplication
        {
            Settings = { ["Dispatch:MaxAttempts"] = "1" },
            ConfigureServices = services =>
            {
                services.AddSingleton<PushMessageReceiver, AlwaysFailing>();
                services.AddSingleton<IoTPush.Inbox.IInboxStore>(provider => faulty = FaultyInboxStore.Wrapping(provider));
            },
        };
        using var measurements = new Measurements(app.Services);
        var client = app.CreateClient();

        await client.PushAsync(StateChange);
        await client.PushAsync(StateChange);
        await client.PushAsync(StateChange.Replace("dev-m", "doomed", StringComparison.Ordinal));
        await client.PushAsync("""{"notifyType":"fwUpgradeStateChangeNotify"}""");
        await client.PushAsync("{}", "text/plain");
        faulty!.FailAppends = true;
        await client.PushAsync(StateChange.Replace("dev-m", "dev-x", StringComparison.Ordinal));
        faulty.FailAppends = false;
        await app.Inbox.WaitUntilAsync(rows => rows.Count == 2 && rows.All(row => row.Status is "processed" or "failed"));
        await Task.Delay(200);
        measurements.Observe();

        const string received = "iotpush.pushes.received";
        const string fw = "fwUpgradeStateChangeNotify";
        Assert.Equal(2, measurements.Sum(received, ("notify_type", fw), ("outcome", "accepted")));
        Assert.Equal(1, measurements.Sum(received, ("notify_type", fw), ("outcome", "duplicate")));
        Assert.Equal(1, measurements.Sum(received, ("notify_type", fw), ("outcome", "rejected")));
        Assert.Equal(1, measurements.Sum(received, ("notify_type", "other"), ("outcome", "rejected")));
        Assert.Equal(1, measurements.Sum(received, ("notify_type", fw), ("outcome", "unavailable")));
        Assert.Equal(3, measurements.Sum("iotpush.inbox.commit.batch_size"));
        Assert.Contains(measurements.Recorded, m => m.Instrument == "iotpush.inbox.commit.duration" && m.Value > 0);
        Assert.Contains(measurements.Recorded, m => m.Instrument == "iotpush.dispatch.lag");
        Assert.Equal(1, measurements.Sum("iotpush.dispatch.dead_letters", ("notify_type", fw)));
        Assert.Contains(measurements.Recorded, m => m.Instrument == "iotpush.dispatch.backlog");
    }

    [Fact]
    public async Task Otlp_WhenTheStandardEndpointIsSet_ExportsMetricsAndThePushSpans()
    {
        var exports = new ConcurrentQueue<(string Signal, byte[] Body)>();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();
        // A real process: the exporter is chosen from the environment as the service starts, as in production.
        var data = Directory.CreateTempSubdirectory("iotpush-otlp-").FullName;
        await using var service = await ServiceProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.Single(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });

        // The push starts its own trace here (an ambient test activity would send a traceparent along).
        System.Diagnostics.Activity.Current = null;
        var accepted = await (await service.Client.PushAsync(StateChange)).JsonAsync();
        var inboxId = accepted.GetProperty("id").GetString()!;

        string[] expected = ["metrics:iotpush.pushes.received", "metrics:iotpush.inbox.commit.duration",
            "traces:iotpush.validate", "traces:iotpush.store", "traces:iotpush.dispatch", $"traces:{inboxId}"];
        var missing = expected;
        for (var i = 0; i < 100 && missing.Length > 0; i++)
        {
            await Task.Delay(100);
            missing = expected.Where(item => !exports.Any(export => Mentions(export, item))).ToArray();
        }

        Assert.Empty(missing);
        await service.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task RequestId_IsHonouredOrGenerated_ReturnedAndLogged()
    {
        var logs = new CapturingSink();
        await using var app = new IoTPushApplication
        {
            Settings = { ["Serilog:MinimumLevel:Default"] = "Information" },
            ConfigureServices = services => services.AddSingleton<ILogEventSink>(logs),
        };
        var client = app.CreateClient();

        var given = new HttpRequestMessage(HttpMethod.Get, "/api/notifications") { Headers = { { "X-Request-Id", "nginx-7f3a.42" } } };
        var givenResponse = await client.SendAsync(given);
        var generated = await client.GetAsync("/api/notifications");
        var hostile = new HttpRequestMessage(HttpMethod.Get, "/api/notifications") { Headers = { { "X-Request-Id", "a b\"<script>" } } };
        var hostileResponse = await client.SendAsync(hostile);

        Assert.Equal("nginx-7f3a.42", givenResponse.Headers.GetValues("X-Request-Id").Single());
        var generatedId = generated.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", generatedId);
        Assert.NotEqual("a b\"<script>", hostileResponse.Headers.GetValues("X-Request-Id").Single());
        var lines = await logs.RequestLinesAsync(3);
        Assert.Contains(lines, line => CapturingSink.Text(line, "RequestId") == "nginx-7f3a.42");
        Assert.Contains(lines, line => CapturingSink.Text(line, "RequestId") == generatedId);
    }

    /// <summary>Whether an export of the signal before the colon carries the text after it (names travel as UTF-8 in protobuf).</summary>
    private static bool Mentions((string Signal, byte[] Body) export, string item) =>
        item.Split(':', 2) is [var signal, var text]
        && export.Signal == signal && System.Text.Encoding.UTF8.GetString(export.Body).Contains(text, StringComparison.Ordinal);
}

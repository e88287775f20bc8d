using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IoTPush.Dispatch;
using IoTPush.Notifications;
using IoTPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        public override Task ReceiveAsync(UpgradeNotification notification, PushContext context) =>
            notification.DeviceId == "doomed" ? throw new InvalidOperationException("no") : Task.CompletedTask;
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
    public async Task Otlp_WhenAnEndpointIsSet_ExportsTheMeterToTheCollector()
    {
        var exports = new ConcurrentQueue<byte[]>();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        await using var app = new IoTPushApplication
        {
            Settings = { ["OpenTelemetry:Endpoint"] = collector.Urls.Single(), ["OpenTelemetry:ExportInterval"] = "00:00:00.200" },
        };

        await app.CreateClient().PushAsync(StateChange);

        for (var i = 0; i < 100 && !exports.Any(Mentions("iotpush.pushes.received")); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(exports.Any(Mentions("iotpush.pushes.received")), "no export mentioned iotpush.pushes.received");
        Assert.True(exports.Any(Mentions("iotpush.inbox.commit.duration")), "no export mentioned iotpush.inbox.commit.duration");
    }

    [Fact]
    public async Task RequestId_IsHonouredOrGenerated_ReturnedAndLogged()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new IoTPushApplication { ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        var client = app.CreateClient();

        var given = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { { "X-Request-Id", "nginx-7f3a.42" } } };
        var givenResponse = await client.SendAsync(given);
        var generated = await client.GetAsync("/health/live");
        var hostile = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { { "X-Request-Id", "a b\"<script>" } } };
        var hostileResponse = await client.SendAsync(hostile);

        Assert.Equal("nginx-7f3a.42", givenResponse.Headers.GetValues("X-Request-Id").Single());
        var generatedId = generated.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", generatedId);
        Assert.NotEqual("a b\"<script>", hostileResponse.Headers.GetValues("X-Request-Id").Single());
        var lines = logs.Entries.Where(entry => entry.Category.EndsWith("RequestLoggingMiddleware", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, line => line.Values["RequestId"] as string == "nginx-7f3a.42" && line.Message.Contains("[nginx-7f3a.42]", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Values["RequestId"] as string == generatedId);
    }

    private static Func<byte[], bool> Mentions(string name) =>
        export => System.Text.Encoding.UTF8.GetString(export).Contains(name, StringComparison.Ordinal);
}

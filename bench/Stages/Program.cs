// The per-push cost of each stage of IoTPush's pipeline, each timed apart from the others on the service's own
// classes: process CPU (user + system, all threads) and bytes allocated, divided by the pushes. Stages that write
// use a SQLite file (synchronous=FULL) in a fresh directory. Run by bench/stages.sh.
using System.Buffers;
using System.Diagnostics;
using System.Text;
using IoTPush;
using IoTPush.Dispatch;
using IoTPush.Inbox;
using IoTPush.Notifications;
using IoTPush.Observability;
using IoTPush.Receiving;
using IoTPush.Service.Logging;
using IoTPush.Service.Storage;
using IoTPush.Service.Upgrades;
using Microsoft.Extensions.Options;
using Serilog.Events;
using Serilog.Parsing;

var pushes = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
var directory = Directory.CreateTempSubdirectory("iotpush-stages-").FullName;
try
{
    await StageBench.RunAsync(pushes, directory);
}
finally
{
    Directory.Delete(directory, recursive: true);
}

internal static class StageBench
{
    public static async Task RunAsync(int pushes, string directory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:IoTPush"] = $"Data Source={Path.Combine(directory, "stages.db")}",
            ["Serilog:MinimumLevel:Default"] = "Information",
        });
        builder.AddSerilogLogging();
        builder.Services.AddInboxStorage();
        builder.Services.AddPushReceiver();
        builder.Services.AddPushMessageReceiver<UpgradeTrackerReceiver>();
        await using var app = builder.Build();
        var services = app.Services;

        var bodies = Enumerable.Range(0, pushes).Select(Body).ToArray();
        var intake = services.GetRequiredService<PushIntake>();
        // As in a service whose dispatcher keeps up: every push read at intake is read for handing over too.
        services.GetRequiredService<DispatchHandoff>().Accept(true);
        var entries = new InboxEntry[pushes];

        Console.Error.WriteLine($"# IoTPush stages, {pushes:N0} pushes each (fwUpgradeStateChangeNotify, each from a new device)");
        Console.Error.WriteLine();
        Console.Error.WriteLine("| stage | CPU µs per push | bytes allocated per push |");
        Console.Error.WriteLine("|---|---:|---:|");

        Report("JSON parse alone", pushes, i => System.Text.Json.JsonDocument.Parse(bodies[i]).Dispose());
        Report("dedup key alone", pushes, i =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(bodies[i]);
            DedupKey.Compute(json.RootElement);
        }, subtract: "JSON parse alone");
        Report("read: parse + validate + dedup key + entry", pushes, i =>
            entries[i] = Read(intake, bodies[i]));

        var writer = services.GetRequiredService<InboxWriter>();
        await writer.StartAsync(CancellationToken.None);
        var concurrency = int.Parse(Environment.GetEnvironmentVariable("STAGES_CONCURRENCY") ?? "32", System.Globalization.CultureInfo.InvariantCulture);
        await ReportAsync($"insert + commit (group commit, {concurrency} at a time), no dispatcher", pushes, concurrency,
            i => writer.WriteAsync(entries[i], CancellationToken.None));

        var store = services.GetRequiredService<IInboxStore>();
        await ReportAsync("dispatch from the store (take, read back, save outcomes), no receiver", pushes, 1,
            _ => DispatchUntilDoneAsync(services, store, [], () => Task.CompletedTask));
        await InsertAsync(writer, intake, pushes, offset: pushes);
        await ReportAsync("dispatch from the store + upgrade tracker", pushes, 1,
            _ => DispatchUntilDoneAsync(services, store, services.GetServices<PushMessageReceiver>(), () => Task.CompletedTask));

        var handed = Enumerable.Range(2 * pushes, pushes).Select(i => Read(intake, Body(i))).ToArray();
        await ReportAsync("insert + commit + dispatch handed over in memory, no receiver", pushes, 1,
            _ => DispatchUntilDoneAsync(services, store, [], () => WriteAllAsync(writer, handed, concurrency)));
        handed = Enumerable.Range(3 * pushes, pushes).Select(i => Read(intake, Body(i))).ToArray();
        await ReportAsync("insert + commit + dispatch handed over in memory + upgrade tracker", pushes, 1,
            _ => DispatchUntilDoneAsync(services, store, services.GetServices<PushMessageReceiver>(), () => WriteAllAsync(writer, handed, concurrency)));

        var logger = services.GetRequiredService<Serilog.ILogger>();
        Report("request log line (formatted, written to standard output)", pushes, i => logger.Write(RequestLine(i)));

        await writer.StopAsync(CancellationToken.None);
        Console.Error.WriteLine();
        Console.Error.WriteLine("Single-threaded apart from the 32 concurrent writers: without the contention of a loaded service, so the stages"
            + " add up to less than the service's CPU per request under load.");
    }

    // As bench/unique-pushes.lua sends them.
    private static byte[] Body(int i) => Encoding.UTF8.GetBytes(
        $$"""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"dev-stage-{{i}}","appId":"bench-app","operationId":"op-bench","subOperationId":"sub-{{i % 1000}}","step":"{{i % 4}}","stepDesc":"{{UpgradeStates.ByStep[i % 4]}}"}""");

    private static InboxEntry Read(PushIntake intake, byte[] body) =>
        intake.Read(new ReadOnlySequence<byte>(body), null).Entry ?? throw new InvalidOperationException("the benchmark's push was refused");

    private static async Task InsertAsync(InboxWriter writer, PushIntake intake, int pushes, int offset)
    {
        var more = Enumerable.Range(offset, pushes).Select(i => Read(intake, Body(i))).ToArray();
        await Task.WhenAll(more.Select(entry => writer.WriteAsync(entry, CancellationToken.None)));
    }

    private static async Task WriteAllAsync(InboxWriter writer, InboxEntry[] entries, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < entries.Length; i = Interlocked.Increment(ref next))
            {
                await writer.WriteAsync(entries[i], CancellationToken.None);
            }
        }));
    }

    /// <summary>Runs a dispatcher with the given receivers, then <paramref name="load"/>, until nothing is pending.</summary>
    private static async Task DispatchUntilDoneAsync(
        IServiceProvider services, IInboxStore store, IEnumerable<PushMessageReceiver> receivers, Func<Task> load)
    {
        var dispatcher = new PushDispatcher(store, receivers, services.GetRequiredService<NotificationReader>(),
            services.GetRequiredService<DispatchSignal>(), services.GetRequiredService<DispatchHandoff>(), services.GetRequiredService<PushMetrics>(),
            services.GetRequiredService<IOptions<DispatchOptions>>(), TimeProvider.System,
            services.GetRequiredService<ILogger<PushDispatcher>>());
        await dispatcher.StartAsync(CancellationToken.None);
        await Task.Delay(50); // its first look at the store: then it takes pushes in memory
        await load();
        while (await store.CountPendingAsync(CancellationToken.None) > 0)
        {
            await Task.Delay(20);
        }

        await dispatcher.StopAsync(CancellationToken.None);
    }

    private static readonly MessageTemplate RequestTemplate = new MessageTemplateParser().Parse(RequestLogging.MessageTemplate);

    // The event Serilog's request logging writes for a push, with the properties the receiver adds.
    private static LogEvent RequestLine(int i) => new(DateTimeOffset.Now, LogEventLevel.Information, null, RequestTemplate,
    [
        new("RequestMethod", new ScalarValue("POST")), new("RequestPath", new ScalarValue("/v1.0.0/messageReceiver")),
        new("StatusCode", new ScalarValue(200)), new("Elapsed", new ScalarValue(1.234)),
        new("NotifyType", new ScalarValue("fwUpgradeStateChangeNotify")), new("DeviceId", new ScalarValue($"dev-stage-{i}")),
        new("OperationId", new ScalarValue("op-bench")), new("ClientAddress", new ScalarValue("127.0.0.1")),
        new("RequestId", new ScalarValue("0HNABCDEF:00000001")),
        new("SourceContext", new ScalarValue("Serilog.AspNetCore.RequestLoggingMiddleware")),
    ]);

    private static readonly Dictionary<string, double> Costs = [];

    private static void Report(string stage, int pushes, Action<int> work, string? subtract = null)
    {
        for (var i = 0; i < pushes; i++)
        {
            work(i); // warm: JIT tiers, caches
        }

        var (cpu, allocated) = Measure(() =>
        {
            for (var i = 0; i < pushes; i++)
            {
                work(i);
            }

            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
        Print(stage, cpu / pushes, allocated / pushes, subtract);
    }

    private static async Task ReportAsync(string stage, int pushes, int concurrency, Func<int, Task> work)
    {
        var (cpu, allocated) = await Measure(async () =>
        {
            if (concurrency == 1)
            {
                await work(0);
                return;
            }

            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < pushes; i = Interlocked.Increment(ref next))
                {
                    await work(i);
                }
            }));
        });
        Print(stage, cpu / pushes, allocated / pushes, null);
    }

    private static void Print(string stage, double cpu, double allocated, string? subtract)
    {
        Costs[stage] = cpu;
        var note = subtract is null ? "" : $" ({cpu - Costs[subtract]:0.0} without the parse)";
        Console.Error.WriteLine($"| {stage} | {cpu:0.0}{note} | {allocated:N0} |");
    }

    private static async Task<(double CpuMicroseconds, double Allocated)> Measure(Func<Task> work)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await work();
        process.Refresh();
        return ((process.TotalProcessorTime - cpuBefore).TotalMicroseconds, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }
}

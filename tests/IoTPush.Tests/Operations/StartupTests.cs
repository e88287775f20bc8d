using IoTPush.Tests.Infrastructure;
using Xunit;

namespace IoTPush.Tests.Operations;

/// <summary>What an operator sees when a setting or the store is wrong: the real process, as it is run.</summary>
public sealed class StartupTests
{
    /// <summary>Each bad setting, and the key (or file) its one line must name.</summary>
    private static readonly (string Key, string Value, string Named)[] BadSettings =
    [
        ("Receiver:MaxBodyBytes", "0", "Receiver:MaxBodyBytes"),
        ("Receiver:StoreTimeout", "00:00:00", "Receiver:StoreTimeout"),
        ("Receiver:StoreTimeout", "soon", "Receiver:StoreTimeout"),
        ("Storage:MaxBatchSize", "0", "Storage:MaxBatchSize"),
        ("Dispatch:MaxAttempts", "0", "Dispatch:MaxAttempts"),
        ("Receiver:AllowedNetworks:0", "10.0.0.0/33", "Receiver:AllowedNetworks"),
        ("Receiver:AllowedNetworks:0", "not-a-network", "Receiver:AllowedNetworks"),
        ("Receiver:CallbackTokens:0", " ", "Receiver:CallbackTokens"),
        ("Storage:Provider", "Oracle", "Storage:Provider"),
        ("ForwardedHeaders:KnownProxies:0", "proxy.example", "ForwardedHeaders:KnownProxies"),
        ("Receiver:RateLimit:PermitsPerSecond", "-1", "Receiver:RateLimit"),
        ("ConnectionStrings:IoTPush", "Data Source=:memory:", "ConnectionStrings:IoTPush"),
        ("ConnectionStrings:IoTPush", "Data Source=file:pushes?mode=memory", "ConnectionStrings:IoTPush"),
        ("ConnectionStrings:IoTPush", "Data Source=/proc/iotpush/iotpush.db", "/proc/iotpush/iotpush.db"),
        ("ConnectionStrings:IoTPush", "Data Source=x.db;Colour=blue", "ConnectionStrings:IoTPush"),
    ];

    [Fact]
    public async Task Start_WithABadSettingOrStore_ExitsWith1AndOneLineNamingIt_WithoutAStackTrace()
    {
        var data = Directory.CreateTempSubdirectory("iotpush-startup-").FullName;
        try
        {
            var cases = BadSettings.Select(bad => (bad.Named, Settings: new Dictionary<string, string> { [bad.Key] = bad.Value }))
                .Append((Named: "127.0.0.1:1", Settings: new Dictionary<string, string>
                {
                    ["Storage:Provider"] = "Postgres",
                    ["ConnectionStrings:IoTPush"] = "Host=127.0.0.1;Port=1;Username=iotpush;Password=do-not-print-me",
                }));

            var problems = await Task.WhenAll(cases.Select(async @case =>
            {
                var (exitCode, output) = await ServiceProcess.RunToExitAsync(data, @case.Settings, TimeSpan.FromSeconds(60));
                var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var failures = lines.Where(line => line.Contains("cannot start", StringComparison.Ordinal)).ToList();
                var wrong = exitCode != 1 ? $"exit code {exitCode}"
                    : failures.Count != 1 ? $"{failures.Count} 'cannot start' lines"
                    : !failures[0].Contains(@case.Named, StringComparison.Ordinal) ? $"the line does not name {@case.Named}"
                    : lines.Any(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal)) ? "a stack trace"
                    : output.Contains("do-not-print-me", StringComparison.Ordinal) ? "the password"
                    : null;
                return wrong is null ? null : $"{string.Join(", ", @case.Settings.Select(s => $"{s.Key}={s.Value}"))}: {wrong}\n{output}";
            }));

            Assert.Empty(problems.OfType<string>());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Start_LogsOneSummaryLine_AndWarnsWhenAnyoneMayPush()
    {
        var data = Directory.CreateTempSubdirectory("iotpush-startup-").FullName;
        try
        {
            await using (var open = await ServiceProcess.StartAsync(data, new Dictionary<string, string> { ["Management:ApiKeys:0"] = "key-one-secret" }))
            {
                var summary = Assert.Single(open.Output.Split('\n'), line => line.Contains("IoTPush: store", StringComparison.Ordinal));
                Assert.Contains($"store SQLite file {Path.Combine(data, "iotpush.db")}; Swagger off; management API keys 1; callback tokens off; allowlist off; dispatch on", summary, StringComparison.Ordinal);
                Assert.Contains("accepts pushes from anyone", open.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("key-one-secret", open.Output, StringComparison.Ordinal);
            }

            await using var guarded = await ServiceProcess.StartAsync(data, new Dictionary<string, string>
            {
                ["Receiver:CallbackTokens:0"] = "token-secret", ["Dispatch:Enabled"] = "false",
            });
            Assert.Contains("callback tokens on; allowlist off; dispatch off", guarded.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("accepts pushes from anyone", guarded.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("token-secret", guarded.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// The service in memory on its own store (by default a new SQLite file in a temp directory). Settings are
/// plain configuration keys, as an operator would set them; <see cref="ConfigureServices"/> swaps in test doubles.
/// </summary>
public sealed class IoTPushApplication : WebApplicationFactory<Program>
{
    private readonly bool _ownsStore;

    /// <param name="store">The store to use, which the caller then owns; null for a new SQLite file owned by this.</param>
    public IoTPushApplication(TestStore? store = null)
    {
        _ownsStore = store is null;
        Store = store ?? new SqliteTestStore();
    }

    public TestStore Store { get; }

    /// <summary>The SQLite store's directory (for tests that need a file next to it).</summary>
    public string DataDirectory => ((SqliteTestStore)Store).Directory;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Dispatch:PollInterval"] = "00:00:00.050",
        ["Dispatch:InitialBackoff"] = "00:00:00.010",
        ["Dispatch:MaxBackoff"] = "00:00:00.050",
        ["Dispatch:BatchDelay"] = "00:00:00.010",
    };

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public Inbox Inbox => Store.Inbox;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Store.Settings)
        {
            Settings.TryAdd(key, value);
        }

        // An ordinary configuration source, not UseSetting: the test host turns the parent keys of
        // UseSetting's keys into empty strings, which Serilog then reads as a level.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));
        if (ConfigureServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }
    }
}

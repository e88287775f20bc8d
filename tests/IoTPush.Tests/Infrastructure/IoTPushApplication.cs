using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// The service in memory on its own SQLite file in a temp directory. Settings are plain configuration
/// keys, as an operator would set them; <see cref="ConfigureServices"/> swaps in test doubles.
/// </summary>
public sealed class IoTPushApplication : WebApplicationFactory<Program>
{
    private readonly bool _ownsDirectory;

    public IoTPushApplication(string? dataDirectory = null)
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("iotpush-test-").FullName;
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "iotpush.db");

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Dispatch:PollInterval"] = "00:00:00.050",
        ["Dispatch:InitialBackoff"] = "00:00:00.010",
        ["Dispatch:MaxBackoff"] = "00:00:00.050",
        ["Dispatch:BatchDelay"] = "00:00:00.010",
    };

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public Inbox Inbox => new(DatabasePath);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        Settings["ConnectionStrings:IoTPush"] = $"Data Source={DatabasePath}";
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
        SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

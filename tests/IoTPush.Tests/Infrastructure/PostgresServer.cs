using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the test run: initdb in a temp directory, started on a free loopback
/// port (as the postgres user when the tests run as root, since PostgreSQL refuses root), stopped at the end.
/// IOTPUSH_TEST_POSTGRES, a connection string, uses an existing server instead.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string _binaries;
    private readonly NpgsqlConnectionStringBuilder _admin;

    private PostgresServer(string binaries, string? directory, NpgsqlConnectionStringBuilder admin)
    {
        _binaries = binaries;
        _directory = directory;
        _admin = admin;
    }

    /// <summary>Why no server could be had, or null when one can.</summary>
    public static string? Unavailable { get; private set; }

    public static async Task<PostgresServer?> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("IOTPUSH_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return new PostgresServer("", null, new NpgsqlConnectionStringBuilder(existing));
        }

        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (binaries is null)
        {
            Unavailable = "no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)";
            return null;
        }

        var directory = Directory.CreateTempSubdirectory("iotpush-pg-").FullName;
        var port = FreePort();
        try
        {
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", "postgres", directory);
            }

            await RunAsPostgresAsync(Path.Combine(binaries, "initdb"), "-D", Path.Combine(directory, "data"), "-A", "trust",
                "-U", "postgres", "--no-locale", "-E", "UTF8");
            var server = new PostgresServer(binaries, directory, new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false,
            });
            await server.StartAgainAsync();
            return server;
        }
        catch (Exception exception)
        {
            Unavailable = $"a PostgreSQL server could not be started: {exception.Message}";
            return null;
        }
    }

    /// <summary>A new, empty database on this server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"iotpush_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Stops the server, as an outage would.</summary>
    public Task StopAsync() => RunAsPostgresAsync(Path.Combine(_binaries, "pg_ctl"), "-D", DataDirectory, "-m", "fast", "-w", "stop");

    public Task StartAgainAsync() => RunAsPostgresAsync(Path.Combine(_binaries, "pg_ctl"), "-D", DataDirectory, "-w", "-t", "60",
        "-l", Path.Combine(_directory!, "server.log"),
        "-o", $"-p {_admin.Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300", "start");

    public async ValueTask DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        try
        {
            await RunAsPostgresAsync(Path.Combine(_binaries, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private string DataDirectory => Path.Combine(_directory!, "data");

    private static Task RunAsPostgresAsync(string program, params string[] arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using Microsoft.Data.Sqlite;

namespace IoTPush.Tests.Infrastructure;

/// <summary>Where a test application keeps its data: its own SQLite file, or its own PostgreSQL database.</summary>
public abstract class TestStore : IAsyncDisposable
{
    /// <summary>The configuration that points the service at this store.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Reads the inbox straight from the store, independently of the service's code.</summary>
    public abstract Inbox Inbox { get; }

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestStore : TestStore
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("iotpush-test-").FullName;

    public string DatabasePath => Path.Combine(Directory, "iotpush.db");

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["ConnectionStrings:IoTPush"] = $"Data Source={DatabasePath}",
    };

    public override Inbox Inbox => Inbox.Sqlite(DatabasePath);

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestStore(string connectionString) : TestStore
{
    /// <summary>A new database on the test run's server; skips the test, saying why, when there is none.</summary>
    public static async Task<PostgresTestStore> CreateAsync()
    {
        var server = await PostgresFixture.ServerAsync();
        if (server is null)
        {
            Xunit.Assert.Skip($"PostgreSQL tests skipped: {PostgresServer.Unavailable}");
        }

        return new PostgresTestStore(await server.CreateDatabaseAsync());
    }

    public string ConnectionString { get; } = connectionString;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["ConnectionStrings:IoTPush"] = ConnectionString,
    };

    public override Inbox Inbox => Inbox.Postgres(ConnectionString);

    public override ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One PostgreSQL server for the whole test run, started on first use and stopped at exit.</summary>
public static class PostgresFixture
{
    private static readonly Lazy<Task<PostgresServer?>> Server = new(async () =>
    {
        var server = await PostgresServer.StartAsync();
        if (server is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return server;
    });

    public static Task<PostgresServer?> ServerAsync() => Server.Value;
}

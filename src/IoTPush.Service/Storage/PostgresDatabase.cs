using Npgsql;

namespace IoTPush.Service.Storage;

/// <summary>
/// The shared PostgreSQL database: migrated when this is constructed (at start-up) under an advisory lock,
/// so that instances starting together apply each migration once.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private const long MigrationLock = 0x10_7B_05_4C_0D_E5; // any constant, the same in every instance

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Fail fast when the server is away, so that a push answers 503 within Receiver:StoreTimeout.
        builder.ConnectionStringBuilder.Timeout = Math.Min(builder.ConnectionStringBuilder.Timeout, 5);
        DataSource = builder.Build();
        Migrate();
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();

    private void Migrate()
    {
        using var connection = DataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock});");
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS iotpush_schema (version integer NOT NULL);");
        using var read = new NpgsqlCommand("SELECT max(version) FROM iotpush_schema;", connection, transaction);
        var current = read.ExecuteScalar() is int version ? version : 0;
        var migrations = PostgresSchema.Migrations;
        if (current > migrations.Count)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this release knows ({migrations.Count}).");
        }

        for (var next = current + 1; next <= migrations.Count; next++)
        {
            Execute(connection, transaction, migrations[next - 1]);
            Execute(connection, transaction, $"INSERT INTO iotpush_schema (version) VALUES ({next});");
        }

        transaction.Commit();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}

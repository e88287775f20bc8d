using System.Data.Common;
using IoTPush.Service.Hosting;
using Npgsql;

namespace IoTPush.Service.Storage;

/// <summary>
/// The shared PostgreSQL database: migrated when this is constructed (at start-up), under an advisory lock
/// so that instances starting together apply each migration once.
/// </summary>
public sealed class PostgresDatabase : IDatabase, IAsyncDisposable, IDisposable
{
    public PostgresDatabase(string connectionString)
    {
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new StartupProblem(StorageOptions.ConnectionStringKey, $"not a PostgreSQL connection string ({exception.Message})");
        }

        var settings = builder.ConnectionStringBuilder;
        // Fail fast when the server is away, so that a push answers 503 within Receiver:StoreTimeout.
        settings.Timeout = Math.Min(settings.Timeout, 5);
        Description = $"PostgreSQL database {settings.Database ?? settings.Username} on {settings.Host}:{settings.Port}";
        DataSource = builder.Build();
        try
        {
            using var connection = DataSource.OpenConnection();
            SchemaMigrator.Migrate(connection, Dialect, PostgresSchema.Migrations);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            DataSource.Dispose();
            throw new StartupProblem(StorageOptions.ConnectionStringKey, $"the {Description} cannot be used: {exception.Message}", exception);
        }
    }

    public NpgsqlDataSource DataSource { get; }

    public SqlDialect Dialect => SqlDialect.Postgres;

    public string Description { get; }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> query, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await query(connection);
    }

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}

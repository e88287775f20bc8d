using System.Data.Common;
using System.Runtime.InteropServices;
using IoTPush.Service.Hosting;
using Microsoft.Data.Sqlite;

namespace IoTPush.Service.Storage;

/// <summary>
/// The SQLite file: created and migrated to the current schema when this is constructed (at start-up).
/// All writes go through one connection, joined into shared transactions (<see cref="SqliteGroupCommit"/>); reads
/// open their own connections, which WAL lets run beside the writer.
/// </summary>
public sealed partial class SqliteDatabase : IDatabase, IDisposable
{
    // SQLite's own test (unix VFS): does the open file still stand at its path, or was it deleted or replaced?
    private const int FileControlHasMoved = 20;

    private readonly string _connectionString;

    // SQLite allows one writer at a time and one process owns the file, so taking turns here is exact,
    // where SQLite's busy handler would sleep in steps of 1 to 100 ms. One connection for every write
    // also keeps its page cache warm, instead of each connection re-reading what the others wrote.
    private readonly SqliteConnection _writer;
    private readonly SqliteGroupCommit _writes;

    public SqliteDatabase(string connectionString)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        }
        catch (ArgumentException exception)
        {
            throw new StartupProblem(StorageOptions.ConnectionStringKey, $"not a SQLite connection string ({exception.Message})");
        }

        // A 200 means stored durably: a database that lives in memory would lose every push at a restart.
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:"
            || builder.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupProblem(StorageOptions.ConnectionStringKey,
                "an in-memory SQLite database cannot keep what it acknowledged; give a file, e.g. Data Source=data/iotpush.db");
        }

        Path = System.IO.Path.GetFullPath(builder.DataSource);
        Description = $"SQLite file {Path}";
        _connectionString = builder.ToString();
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _writer = Open();
            using (var wal = _writer.CreateCommand())
            {
                // Persistent in the file; readers then run beside the writer.
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }

            SchemaMigrator.Migrate(_writer, Dialect, SqliteSchema.Migrations);
            EndLeasesOfAnEarlierRun();
            _writes = new SqliteGroupCommit(_writer, EnsureTheFileIsInPlace);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            _writer?.Dispose();
            throw new StartupProblem(StorageOptions.ConnectionStringKey, $"the SQLite file {Path} cannot be used: {Reason(exception)}", exception);
        }
    }

    // One process owns the file: a lease in it is that of a run that has ended, whose records are due again.
    private void EndLeasesOfAnEarlierRun()
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "UPDATE inbox SET lease_until = NULL WHERE status = 'pending' AND lease_until IS NOT NULL;";
        command.ExecuteNonQuery();
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public string Description { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction, perhaps shared with other writes (in a savepoint of its
    /// own); the task completes once it has committed durably, or fails with what <paramref name="work"/> threw.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken = default) =>
        _writes.WriteAsync(work, cancellationToken);

    /// <summary>
    /// The shared SQL's writes (Dapper). Microsoft.Data.Sqlite's asynchronous methods complete synchronously, so the
    /// work is done by the time its task returns, inside the transaction it was given.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _writes.WriteAsync(transaction => work(_writer, transaction).GetAwaiter().GetResult(), cancellationToken);

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> query, CancellationToken cancellationToken)
    {
        using var connection = Open();
        return await query(connection);
    }

    /// <summary>
    /// Throws <see cref="Inbox.StoreUnavailableException"/> when the file at <see cref="Path"/> is no longer the one this
    /// process writes to (deleted, or replaced by another): writes would go to an unlinked file and be lost at a restart.
    /// </summary>
    public void EnsureTheFileIsInPlace()
    {
        var moved = 0;
        if (FileControl(_writer.Handle!.DangerousGetHandle(), "main", FileControlHasMoved, ref moved) == 0 && moved != 0)
        {
            throw new Inbox.StoreUnavailableException(
                $"The SQLite file {Path} was deleted or replaced while the service had it open; restart the service to use the file at that path.");
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // synchronous=FULL: a commit is on disk before it returns, so a 200 survives a power cut.
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_file_control", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FileControl(IntPtr database, string name, int operation, ref int argument);

    private static string Reason(Exception exception) =>
        exception is SqliteException sqlite ? sqlite.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal) : exception.Message;
}

public static class SqliteTransactionExtensions
{
    /// <summary>A command that runs in this transaction; create once, run many times with new parameter values.</summary>
    public static SqliteCommand Command(this SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}

using Microsoft.Data.Sqlite;

namespace IoTPush.Service.Storage;

/// <summary>
/// The SQLite file: created and migrated to the current schema when this is constructed (at start-up).
/// All writes go through <see cref="Write{T}"/> on one connection, one at a time; reads open their own
/// connections, which WAL lets run beside the writer.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;

    // SQLite allows one writer at a time and one process owns the file, so taking turns here is exact,
    // where SQLite's busy handler would sleep in steps of 1 to 100 ms. One connection for every write
    // also keeps its page cache warm, instead of each connection re-reading what the others wrote.
    private readonly Lock _writeGate = new();
    private readonly SqliteConnection _writer;

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (builder.DataSource is { Length: > 0 } path && builder.Mode != SqliteOpenMode.Memory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        _connectionString = builder.ToString();
        _writer = Open();
        SqliteSchema.Migrate(_writer);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it durably.</summary>
    public T Write<T>(Func<SqliteTransaction, T> work)
    {
        lock (_writeGate)
        {
            using var transaction = _writer.BeginTransaction();
            var result = work(transaction);
            transaction.Commit();
            return result;
        }
    }

    /// <summary>A connection for queries.</summary>
    public SqliteConnection OpenReader() => Open();

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

    public void Dispose() => _writer.Dispose();
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

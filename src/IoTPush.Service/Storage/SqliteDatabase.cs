using Microsoft.Data.Sqlite;

namespace IoTPush.Service.Storage;

/// <summary>
/// The SQLite file: created and migrated to the current schema when this is constructed (at start-up),
/// then opened with the durability settings every connection needs.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

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
        DataSource = builder.DataSource;
        using var connection = Open();
        SqliteSchema.Migrate(connection);
    }

    public string DataSource { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // synchronous=FULL: a commit is on disk before it returns, so a 200 survives a power cut.
        // busy_timeout: the dispatcher and the writer share the file; wait for the lock rather than fail.
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}

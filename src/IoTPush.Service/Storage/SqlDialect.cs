namespace IoTPush.Service.Storage;

/// <summary>
/// What differs between SQLite and PostgreSQL in the SQL both stores share: how times are kept, and how the schema
/// version is kept. Parameters are <c>@name</c> in both.
/// </summary>
public sealed class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new()
    {
        Name = "SQLite",
        Time = time => time.ToUnixTimeMilliseconds(),
        MigrationPreamble = "",
        SchemaVersionQuery = "PRAGMA user_version;",
        SetSchemaVersion = version => $"PRAGMA user_version = {version};",
    };

    public static SqlDialect Postgres { get; } = new()
    {
        Name = "PostgreSQL",
        Time = time => time,
        // Instances starting together take turns: each migration is applied once.
        MigrationPreamble = "SELECT pg_advisory_xact_lock(18120555892197); CREATE TABLE IF NOT EXISTS iotpush_schema (version integer NOT NULL);",
        SchemaVersionQuery = "SELECT coalesce(max(version), 0) FROM iotpush_schema;",
        SetSchemaVersion = version => $"INSERT INTO iotpush_schema (version) VALUES ({version});",
    };

    public required string Name { get; init; }

    /// <summary>A time as a parameter value: Unix milliseconds in SQLite, <c>timestamptz</c> in PostgreSQL.</summary>
    public required Func<DateTimeOffset, object> Time { get; init; }

    /// <summary>Runs first in the migration transaction.</summary>
    public required string MigrationPreamble { get; init; }

    public required string SchemaVersionQuery { get; init; }

    public required Func<int, string> SetSchemaVersion { get; init; }

}

using Microsoft.Data.Sqlite;

namespace IoTPush.Service.Storage;

/// <summary>
/// The SQLite schema, versioned with <c>PRAGMA user_version</c>: migration N brings the file to version N.
/// Append new migrations; never edit one that has shipped. Times are Unix milliseconds (UTC).
/// </summary>
public static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE inbox (
            seq              INTEGER PRIMARY KEY,
            id               TEXT    NOT NULL UNIQUE,
            received_at      INTEGER NOT NULL,
            notify_type      TEXT    NOT NULL,
            device_id        TEXT,
            app_id           TEXT,
            operation_id     TEXT,
            sub_operation_id TEXT,
            body             TEXT    NOT NULL,
            dedup_key        BLOB    NOT NULL UNIQUE,
            status           TEXT    NOT NULL,
            attempts         INTEGER NOT NULL DEFAULT 0,
            last_error       TEXT,
            processed_at     INTEGER,
            next_attempt_at  INTEGER
        );
        CREATE INDEX inbox_pending ON inbox (id) WHERE status = 'pending';
        """,
        """
        CREATE INDEX inbox_device ON inbox (device_id, id);
        CREATE INDEX inbox_operation ON inbox (operation_id, id);
        CREATE TABLE upgrades (
            operation_id           TEXT    NOT NULL,
            sub_operation_id       TEXT    NOT NULL,
            device_id              TEXT    NOT NULL,
            kind                   TEXT    NOT NULL,
            state                  TEXT,
            state_notification_id  TEXT,
            result                 TEXT,
            result_notification_id TEXT,
            source_version         TEXT,
            target_version         TEXT,
            current_version        TEXT,
            error_code             TEXT,
            description            TEXT,
            error_description      TEXT,
            upgrade_time           TEXT,
            first_seen_at          INTEGER NOT NULL,
            updated_at             INTEGER NOT NULL,
            notifications          INTEGER NOT NULL,
            PRIMARY KEY (operation_id, sub_operation_id, device_id)
        );
        CREATE INDEX upgrades_device ON upgrades (device_id, updated_at, operation_id, sub_operation_id);
        -- Which inbox records the tracker has applied: a replay or a retried batch is not counted twice.
        CREATE TABLE upgrade_applied (notification_id TEXT PRIMARY KEY) WITHOUT ROWID;
        """,
    ];

    public static int Version => Migrations.Length;

    /// <summary>Brings the file up to <see cref="Version"/>; refuses a file from a newer release.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        var current = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The SQLite file is at schema version {current}, newer than this release knows ({Migrations.Length}).");
        }

        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            Scalar(connection, transaction, Migrations[version - 1]);
            Scalar(connection, transaction, $"PRAGMA user_version = {version};");
        }

        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

namespace IoTPush.Service.Storage;

/// <summary>
/// The SQLite schema, versioned with <c>PRAGMA user_version</c> (see <see cref="SchemaMigrator"/>).
/// Times are Unix milliseconds (UTC).
/// </summary>
public static class SqliteSchema
{
    public static IReadOnlyList<string> Migrations { get; } =
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
        """
        -- Readiness writes here while commits fail, to learn when the store takes writes again.
        CREATE TABLE store_probe (instance TEXT PRIMARY KEY, probed_at INTEGER NOT NULL) WITHOUT ROWID;
        -- Storage:Retention deletes by time of receipt, oldest first.
        CREATE INDEX inbox_received ON inbox (received_at);
        -- Each campaign's counts, kept by the tracker as it changes rows, so that the campaigns list reads a row each.
        CREATE TABLE campaigns (
            operation_id     TEXT    PRIMARY KEY,
            devices          INTEGER NOT NULL,
            firmware_devices INTEGER NOT NULL,
            software_devices INTEGER NOT NULL,
            idle             INTEGER NOT NULL,
            downloading      INTEGER NOT NULL,
            downloaded       INTEGER NOT NULL,
            updating         INTEGER NOT NULL,
            succeeded        INTEGER NOT NULL,
            failed           INTEGER NOT NULL,
            first_seen_at    INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO campaigns
        SELECT operation_id, count(*), total(kind = 'firmware'), total(kind = 'software'), total(state = 'idle'),
               total(state = 'downloading'), total(state = 'downloaded'), total(state = 'updating'),
               total(result = 'SUCCESS'), total(result = 'FAIL'), min(first_seen_at), max(updated_at)
        FROM upgrades GROUP BY operation_id;
        CREATE INDEX campaigns_updated ON campaigns (updated_at, operation_id);
        """,
        """
        -- Fewer pages written per push (each page a WAL frame: two writes, a checksum, and a copy at the checkpoint).
        -- Duplicates have one device (the device is read from the body the key is made of), so the dedup check and
        -- the device filter share one index; its UNIQUE constraint cannot be dropped in place, so the table is rebuilt.
        -- lease_until: records handed to the dispatcher in memory as they are stored (NULL again at a restart).
        CREATE TABLE inbox_rebuilt (
            seq              INTEGER PRIMARY KEY,
            id               TEXT    NOT NULL UNIQUE,
            received_at      INTEGER NOT NULL,
            notify_type      TEXT    NOT NULL,
            device_id        TEXT,
            app_id           TEXT,
            operation_id     TEXT,
            sub_operation_id TEXT,
            body             TEXT    NOT NULL,
            dedup_key        BLOB    NOT NULL,
            status           TEXT    NOT NULL,
            attempts         INTEGER NOT NULL DEFAULT 0,
            last_error       TEXT,
            processed_at     INTEGER,
            next_attempt_at  INTEGER,
            lease_until      INTEGER
        );
        INSERT INTO inbox_rebuilt (seq, id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body,
                                   dedup_key, status, attempts, last_error, processed_at, next_attempt_at)
        SELECT seq, id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body,
               dedup_key, status, attempts, last_error, processed_at, next_attempt_at
        FROM inbox;
        DROP TABLE inbox;
        ALTER TABLE inbox_rebuilt RENAME TO inbox;
        CREATE INDEX inbox_pending ON inbox (id) WHERE status = 'pending';
        CREATE UNIQUE INDEX inbox_device_dedup ON inbox (device_id, dedup_key);
        CREATE UNIQUE INDEX inbox_dedup_without_device ON inbox (dedup_key) WHERE device_id IS NULL;
        CREATE INDEX inbox_operation ON inbox (operation_id, id);
        CREATE INDEX inbox_received ON inbox (received_at);
        -- A device's rows are few: sorted when asked for, so that an update does not move an index entry.
        DROP INDEX upgrades_device;
        CREATE INDEX upgrades_device ON upgrades (device_id);
        """,
    ];
}

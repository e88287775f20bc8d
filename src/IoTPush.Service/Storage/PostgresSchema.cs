namespace IoTPush.Service.Storage;

/// <summary>
/// The PostgreSQL schema, versioned in table <c>iotpush_schema</c> (see <see cref="SchemaMigrator"/>).
/// Keys that lists are ordered by are <c>COLLATE "C"</c>: byte order, as in SQLite, whatever the locale.
/// </summary>
public static class PostgresSchema
{
    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE inbox (
            id               text COLLATE "C" PRIMARY KEY,
            received_at      timestamptz NOT NULL,
            notify_type      text NOT NULL,
            device_id        text COLLATE "C",
            app_id           text,
            operation_id     text COLLATE "C",
            sub_operation_id text COLLATE "C",
            body             text NOT NULL,
            dedup_key        bytea NOT NULL UNIQUE,
            status           text NOT NULL,
            attempts         integer NOT NULL DEFAULT 0,
            last_error       text,
            processed_at     timestamptz,
            next_attempt_at  timestamptz,
            lease_until      timestamptz,
            lease_owner      uuid
        );
        CREATE INDEX inbox_pending ON inbox (id) WHERE status = 'pending';
        CREATE INDEX inbox_device ON inbox (device_id, id);
        CREATE INDEX inbox_operation ON inbox (operation_id, id);
        CREATE TABLE upgrades (
            operation_id           text COLLATE "C" NOT NULL,
            sub_operation_id       text COLLATE "C" NOT NULL,
            device_id              text COLLATE "C" NOT NULL,
            kind                   text NOT NULL,
            state                  text,
            state_notification_id  text COLLATE "C",
            result                 text,
            result_notification_id text COLLATE "C",
            source_version         text,
            target_version         text,
            current_version        text,
            error_code             text,
            description            text,
            error_description      text,
            upgrade_time           text,
            first_seen_at          timestamptz NOT NULL,
            updated_at             timestamptz NOT NULL,
            notifications          integer NOT NULL,
            PRIMARY KEY (operation_id, sub_operation_id, device_id)
        );
        CREATE INDEX upgrades_device ON upgrades (device_id, updated_at, operation_id, sub_operation_id);
        CREATE TABLE upgrade_applied (notification_id text COLLATE "C" PRIMARY KEY);
        """,
        """
        -- Readiness writes here while commits fail, to learn when the store takes writes again.
        CREATE TABLE store_probe (instance text PRIMARY KEY, probed_at timestamptz NOT NULL);
        -- Storage:Retention deletes by time of receipt, oldest first.
        CREATE INDEX inbox_received ON inbox (received_at);
        """,
    ];
}

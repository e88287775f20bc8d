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
        -- Each campaign's counts, kept by the tracker as it changes rows, so that the campaigns list reads a row each.
        CREATE TABLE campaigns (
            operation_id     text COLLATE "C" PRIMARY KEY,
            devices          integer NOT NULL,
            firmware_devices integer NOT NULL,
            software_devices integer NOT NULL,
            idle             integer NOT NULL,
            downloading      integer NOT NULL,
            downloaded       integer NOT NULL,
            updating         integer NOT NULL,
            succeeded        integer NOT NULL,
            failed           integer NOT NULL,
            first_seen_at    timestamptz NOT NULL,
            updated_at       timestamptz NOT NULL
        );
        INSERT INTO campaigns
        SELECT operation_id, count(*), count(*) FILTER (WHERE kind = 'firmware'), count(*) FILTER (WHERE kind = 'software'),
               count(*) FILTER (WHERE state = 'idle'), count(*) FILTER (WHERE state = 'downloading'),
               count(*) FILTER (WHERE state = 'downloaded'), count(*) FILTER (WHERE state = 'updating'),
               count(*) FILTER (WHERE result = 'SUCCESS'), count(*) FILTER (WHERE result = 'FAIL'), min(first_seen_at), max(updated_at)
        FROM upgrades GROUP BY operation_id;
        CREATE INDEX campaigns_updated ON campaigns (updated_at, operation_id);
        """,
        """
        -- A device's rows are few: sorted when asked for. An update then changes no indexed column (a HOT update).
        DROP INDEX upgrades_device;
        CREATE INDEX upgrades_device ON upgrades (device_id);
        """,
    ];
}

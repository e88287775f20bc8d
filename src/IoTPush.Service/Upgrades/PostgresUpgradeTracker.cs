using Dapper;
using IoTPush.Service.Storage;
using Npgsql;

namespace IoTPush.Service.Upgrades;

/// <summary>
/// The upgrade tracker in PostgreSQL. Instances may apply notifications for the same device at the same
/// time, so a batch first makes sure its rows exist, then locks them in key order (no deadlocks), merges
/// by <see cref="UpgradeRules"/>, and writes them back, all in one transaction.
/// </summary>
public sealed class PostgresUpgradeTracker(PostgresDatabase database) : IUpgradeTracker
{
    public async Task ApplyAsync(IReadOnlyList<TrackedPush> pushes, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var fresh = await MarkAppliedAsync(connection, transaction, pushes, cancellationToken);
        if (fresh.Count > 0)
        {
            var firsts = fresh.DistinctBy(Key).ToList();
            await using (var ensure = new NpgsqlCommand("""
                INSERT INTO upgrades (operation_id, sub_operation_id, device_id, kind, first_seen_at, updated_at, notifications)
                SELECT operation_id, sub_operation_id, device_id, kind, seen, seen, 0
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                     AS row (operation_id, sub_operation_id, device_id, kind, seen)
                ON CONFLICT DO NOTHING;
                """, connection, transaction))
            {
                ensure.Parameters.Add(new() { Value = firsts.Select(push => push.Notification.OperationId).ToArray() });
                ensure.Parameters.Add(new() { Value = firsts.Select(push => push.Notification.SubOperationId).ToArray() });
                ensure.Parameters.Add(new() { Value = firsts.Select(push => push.Notification.DeviceId).ToArray() });
                ensure.Parameters.Add(new() { Value = firsts.Select(push => UpgradeRules.KindOf(push.Notification)).ToArray() });
                ensure.Parameters.Add(new() { Value = firsts.Select(push => push.Context.ReceivedAt).ToArray() });
                await ensure.ExecuteNonQueryAsync(cancellationToken);
            }

            var locked = await connection.QueryAsync<UpgradeRow>(new CommandDefinition($"""
                SELECT {UpgradeQueries.Columns} FROM upgrades
                WHERE (operation_id, sub_operation_id, device_id)
                      IN (SELECT * FROM unnest(@operations::text[], @subOperations::text[], @devices::text[]))
                ORDER BY operation_id, sub_operation_id, device_id
                FOR UPDATE;
                """,
                new
                {
                    operations = firsts.Select(push => push.Notification.OperationId).ToArray(),
                    subOperations = firsts.Select(push => push.Notification.SubOperationId).ToArray(),
                    devices = firsts.Select(push => push.Notification.DeviceId).ToArray(),
                },
                transaction,
                cancellationToken: cancellationToken));
            var before = locked.ToDictionary(row => (row.OperationId, row.SubOperationId, row.DeviceId));
            var rows = new Dictionary<(string, string, string), UpgradeRow>(before);
            foreach (var push in fresh)
            {
                rows[Key(push)] = UpgradeRules.Apply(rows[Key(push)], push);
            }

            await WriteBackAsync(connection, transaction, rows.Values.ToList(), cancellationToken);
            // A row made just now to be locked (no notification yet) is a new device of its campaign.
            await TallyAsync(connection, transaction, CampaignTally.Changes(rows.Select(row =>
                (before[row.Key].Notifications == 0 ? null : before[row.Key], row.Value))), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Adds the changes to the campaigns' counts, in operation order (as rows are locked: no deadlocks).</summary>
    private static Task TallyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CampaignTally> changes, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaigns (operation_id, devices, firmware_devices, software_devices, idle, downloading, downloaded, updating,
                                   succeeded, failed, first_seen_at, updated_at)
            SELECT * FROM unnest(@operations::text[], @devices::int[], @firmware::int[], @software::int[], @idle::int[],
                                 @downloading::int[], @downloaded::int[], @updating::int[], @succeeded::int[], @failed::int[],
                                 @firstSeen::timestamptz[], @updated::timestamptz[])
            ON CONFLICT (operation_id) DO UPDATE SET
                devices = campaigns.devices + excluded.devices,
                firmware_devices = campaigns.firmware_devices + excluded.firmware_devices,
                software_devices = campaigns.software_devices + excluded.software_devices,
                idle = campaigns.idle + excluded.idle, downloading = campaigns.downloading + excluded.downloading,
                downloaded = campaigns.downloaded + excluded.downloaded, updating = campaigns.updating + excluded.updating,
                succeeded = campaigns.succeeded + excluded.succeeded, failed = campaigns.failed + excluded.failed,
                first_seen_at = LEAST(campaigns.first_seen_at, excluded.first_seen_at),
                updated_at = GREATEST(campaigns.updated_at, excluded.updated_at);
            """,
            new
            {
                operations = changes.Select(change => change.OperationId).ToArray(),
                devices = changes.Select(change => change.Devices).ToArray(),
                firmware = changes.Select(change => change.FirmwareDevices).ToArray(),
                software = changes.Select(change => change.SoftwareDevices).ToArray(),
                idle = changes.Select(change => change.Idle).ToArray(),
                downloading = changes.Select(change => change.Downloading).ToArray(),
                downloaded = changes.Select(change => change.Downloaded).ToArray(),
                updating = changes.Select(change => change.Updating).ToArray(),
                succeeded = changes.Select(change => change.Succeeded).ToArray(),
                failed = changes.Select(change => change.Failed).ToArray(),
                firstSeen = changes.Select(change => change.FirstSeenAt).ToArray(),
                updated = changes.Select(change => change.UpdatedAt).ToArray(),
            },
            transaction,
            cancellationToken: cancellationToken));

    private static (string, string, string) Key(TrackedPush push) =>
        (push.Notification.OperationId, push.Notification.SubOperationId, push.Notification.DeviceId);

    /// <summary>Records the pushes as applied and returns those that were not already, in order.</summary>
    private static async Task<List<TrackedPush>> MarkAppliedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TrackedPush> pushes, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO upgrade_applied (notification_id) SELECT unnest($1::text[])
            ON CONFLICT DO NOTHING RETURNING notification_id;
            """, connection, transaction);
        command.Parameters.Add(new() { Value = pushes.Select(push => push.Context.Id).ToArray() });
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        return pushes.Where(push => applied.Contains(push.Context.Id)).ToList();
    }

    private static async Task WriteBackAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<UpgradeRow> rows, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE upgrades SET
                state = row.state, state_notification_id = row.state_id, result = row.result, result_notification_id = row.result_id,
                source_version = row.source_version, target_version = row.target_version, current_version = row.current_version,
                error_code = row.error_code, description = row.description, error_description = row.error_description,
                upgrade_time = row.upgrade_time, first_seen_at = row.first_seen_at, updated_at = row.updated_at,
                notifications = row.notifications
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                        $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::timestamptz[],
                        $17::integer[])
                 AS row (operation_id, sub_operation_id, device_id, state, state_id, result, result_id, source_version,
                        target_version, current_version, error_code, description, error_description, upgrade_time,
                        first_seen_at, updated_at, notifications)
            WHERE (upgrades.operation_id, upgrades.sub_operation_id, upgrades.device_id) = (row.operation_id, row.sub_operation_id, row.device_id);
            """, connection, transaction);
        void Add<T>(Func<UpgradeRow, T> column) => command.Parameters.Add(new() { Value = rows.Select(column).ToArray() });
        Add(row => row.OperationId);
        Add(row => row.SubOperationId);
        Add(row => row.DeviceId);
        Add(row => row.State);
        Add(row => row.StateNotificationId);
        Add(row => row.Result);
        Add(row => row.ResultNotificationId);
        Add(row => row.SourceVersion);
        Add(row => row.TargetVersion);
        Add(row => row.CurrentVersion);
        Add(row => row.ErrorCode);
        Add(row => row.Description);
        Add(row => row.ErrorDescription);
        Add(row => row.UpgradeTime);
        Add(row => row.FirstSeenAt);
        Add(row => row.UpdatedAt);
        Add(row => row.Notifications);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

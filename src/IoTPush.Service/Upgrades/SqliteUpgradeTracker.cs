using Dapper;
using IoTPush.Service.Storage;
using Microsoft.Data.Sqlite;

namespace IoTPush.Service.Upgrades;

/// <summary>The upgrade tracker in the SQLite file, next to the inbox, written through its one writer.</summary>
public sealed class SqliteUpgradeTracker(SqliteDatabase database) : IUpgradeTracker
{
    public Task ApplyAsync(IReadOnlyList<TrackedPush> pushes, CancellationToken cancellationToken) =>
        database.WriteAsync(transaction =>
        {
            // Prepared once for the batch, run once or twice per notification.
            using var markApplied = transaction.Command(
                "INSERT INTO upgrade_applied (notification_id) VALUES ($id) ON CONFLICT DO NOTHING;");
            var appliedId = markApplied.Parameters.Add("$id", SqliteType.Text);
            using var find = transaction.Command($"""
                SELECT {UpgradeQueries.Columns} FROM upgrades
                WHERE operation_id = $operationId AND sub_operation_id = $subOperationId AND device_id = $deviceId;
                """);
            var findOperation = find.Parameters.Add("$operationId", SqliteType.Text);
            var findSubOperation = find.Parameters.Add("$subOperationId", SqliteType.Text);
            var findDevice = find.Parameters.Add("$deviceId", SqliteType.Text);

            var rows = new Dictionary<(string, string, string), (UpgradeRow? Before, UpgradeRow? After)>();
            Func<System.Data.Common.DbDataReader, UpgradeRow>? parse = null;
            foreach (var push in pushes)
            {
                appliedId.Value = push.Context.Id;
                if (markApplied.ExecuteNonQuery() == 0)
                {
                    continue; // applied before: a replay, or a retried batch
                }

                var notification = push.Notification;
                var key = (notification.OperationId, notification.SubOperationId, notification.DeviceId);
                if (!rows.TryGetValue(key, out var row))
                {
                    (findOperation.Value, findSubOperation.Value, findDevice.Value) = key;
                    using var reader = find.ExecuteReader();
                    parse ??= reader.GetRowParser<UpgradeRow>();
                    row.Before = row.After = reader.Read() ? parse(reader) : null;
                }

                rows[key] = (row.Before, UpgradeRules.Apply(row.After, push));
            }

            using var upsert = transaction.Command(UpsertSql);
            foreach (var (_, after) in rows.Values)
            {
                Bind(upsert, after!);
                upsert.ExecuteNonQuery();
            }

            foreach (var tally in CampaignTally.Changes(rows.Values.Select(row => (row.Before, row.After!))))
            {
                transaction.Connection!.Execute(TallySql, new
                {
                    tally.OperationId, tally.Devices, tally.FirmwareDevices, tally.SoftwareDevices, tally.Idle, tally.Downloading,
                    tally.Downloaded, tally.Updating, tally.Succeeded, tally.Failed,
                    FirstSeenAt = tally.FirstSeenAt.ToUnixTimeMilliseconds(), UpdatedAt = tally.UpdatedAt.ToUnixTimeMilliseconds(),
                }, transaction);
            }

            return rows.Count;
        }, cancellationToken);

    private const string TallySql = """
            INSERT INTO campaigns (operation_id, devices, firmware_devices, software_devices, idle, downloading, downloaded, updating,
                                   succeeded, failed, first_seen_at, updated_at)
            VALUES (@OperationId, @Devices, @FirmwareDevices, @SoftwareDevices, @Idle, @Downloading, @Downloaded, @Updating,
                    @Succeeded, @Failed, @FirstSeenAt, @UpdatedAt)
            ON CONFLICT (operation_id) DO UPDATE SET
                devices = devices + excluded.devices, firmware_devices = firmware_devices + excluded.firmware_devices,
                software_devices = software_devices + excluded.software_devices, idle = idle + excluded.idle,
                downloading = downloading + excluded.downloading, downloaded = downloaded + excluded.downloaded,
                updating = updating + excluded.updating, succeeded = succeeded + excluded.succeeded, failed = failed + excluded.failed,
                first_seen_at = min(first_seen_at, excluded.first_seen_at), updated_at = max(updated_at, excluded.updated_at);
            """;

    private static readonly string UpsertSql = $"""
            INSERT INTO upgrades ({UpgradeQueries.Columns})
            VALUES ($operationId, $subOperationId, $deviceId, $kind, $state, $stateId, $result, $resultId,
                    $sourceVersion, $targetVersion, $currentVersion, $errorCode, $description, $errorDescription, $upgradeTime,
                    $firstSeenAt, $updatedAt, $notifications)
            ON CONFLICT (operation_id, sub_operation_id, device_id) DO UPDATE SET
                state = excluded.state, state_notification_id = excluded.state_notification_id,
                result = excluded.result, result_notification_id = excluded.result_notification_id,
                source_version = excluded.source_version, target_version = excluded.target_version,
                current_version = excluded.current_version, error_code = excluded.error_code,
                description = excluded.description, error_description = excluded.error_description,
                upgrade_time = excluded.upgrade_time, first_seen_at = excluded.first_seen_at,
                updated_at = excluded.updated_at, notifications = excluded.notifications;
            """;

    private static readonly string[] UpsertParameters =
    [
        "$operationId", "$subOperationId", "$deviceId", "$kind", "$state", "$stateId", "$result", "$resultId", "$sourceVersion",
        "$targetVersion", "$currentVersion", "$errorCode", "$description", "$errorDescription", "$upgradeTime", "$firstSeenAt",
        "$updatedAt", "$notifications",
    ];

    /// <summary>Sets the upsert's parameters to the row, adding them on its first use (as the other commands do).</summary>
    private static void Bind(SqliteCommand command, UpgradeRow row)
    {
        var parameters = command.Parameters;
        if (parameters.Count == 0)
        {
            foreach (var name in UpsertParameters)
            {
                parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        object?[] values =
        [
            row.OperationId, row.SubOperationId, row.DeviceId, row.Kind, row.State, row.StateNotificationId, row.Result,
            row.ResultNotificationId, row.SourceVersion, row.TargetVersion, row.CurrentVersion, row.ErrorCode, row.Description,
            row.ErrorDescription, row.UpgradeTime, row.FirstSeenAt.ToUnixTimeMilliseconds(), row.UpdatedAt.ToUnixTimeMilliseconds(),
            row.Notifications,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}

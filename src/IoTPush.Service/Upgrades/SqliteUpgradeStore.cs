using IoTPush.Dispatch;
using IoTPush.Service.Storage;
using Microsoft.Data.Sqlite;

namespace IoTPush.Service.Upgrades;

/// <summary>The upgrade tracker in the SQLite file, next to the inbox.</summary>
public sealed class SqliteUpgradeStore(SqliteDatabase database) : IUpgradeStore
{
    private const string Columns = """
        operation_id, sub_operation_id, device_id, kind, state, state_notification_id, result, result_notification_id,
        source_version, target_version, current_version, error_code, description, error_description, upgrade_time,
        first_seen_at, updated_at, notifications
        """;

    public Task ApplyAsync(IReadOnlyList<ReceivedPush> pushes, CancellationToken cancellationToken)
    {
        database.Write(transaction =>
        {
            // Prepared once for the batch, run once or twice per notification.
            using var markApplied = transaction.Command(
                "INSERT INTO upgrade_applied (notification_id) VALUES ($id) ON CONFLICT DO NOTHING;");
            var appliedId = markApplied.Parameters.Add("$id", SqliteType.Text);
            using var find = transaction.Command($"""
                SELECT {Columns} FROM upgrades
                WHERE operation_id = $operationId AND sub_operation_id = $subOperationId AND device_id = $deviceId;
                """);
            var findOperation = find.Parameters.Add("$operationId", SqliteType.Text);
            var findSubOperation = find.Parameters.Add("$subOperationId", SqliteType.Text);
            var findDevice = find.Parameters.Add("$deviceId", SqliteType.Text);

            var rows = new Dictionary<(string, string, string), UpgradeRow?>();
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
                    row = ReadRows(find).SingleOrDefault();
                }

                rows[key] = UpgradeRules.Apply(row, push);
            }

            using var upsert = transaction.Command(UpsertSql);
            foreach (var row in rows.Values)
            {
                Bind(upsert, row!);
                upsert.ExecuteNonQuery();
            }

            return rows.Count;
        });
        return Task.CompletedTask;
    }

    public Task<OperationCounts?> CountOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT count(*), total(state = 'idle'), total(state = 'downloading'), total(state = 'downloaded'),
                   total(state = 'updating'), total(result = 'SUCCESS'), total(result = 'FAIL'), total(result IS NULL)
            FROM upgrades WHERE operation_id = $operationId;
            """;
        command.Parameters.AddWithValue("$operationId", operationId);
        using var reader = command.ExecuteReader();
        reader.Read();
        var counts = new OperationCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
            reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7));
        return Task.FromResult(counts.Devices == 0 ? null : counts);
    }

    public Task<IReadOnlyList<UpgradeRow>> ListOperationAsync(
        string operationId, (string SubOperationId, string DeviceId)? after, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM upgrades
            WHERE operation_id = $operationId AND ($afterSub IS NULL OR (sub_operation_id, device_id) > ($afterSub, $afterDevice))
            ORDER BY sub_operation_id, device_id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$operationId", operationId);
        command.Parameters.AddWithValue("$afterSub", (object?)after?.SubOperationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterDevice", (object?)after?.DeviceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return Task.FromResult<IReadOnlyList<UpgradeRow>>(ReadRows(command));
    }

    public Task<IReadOnlyList<UpgradeRow>> ListDeviceAsync(
        string deviceId, (long UpdatedAt, string OperationId, string SubOperationId)? after, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM upgrades
            WHERE device_id = $deviceId
              AND ($afterOperation IS NULL OR (updated_at, operation_id, sub_operation_id) < ($afterUpdated, $afterOperation, $afterSub))
            ORDER BY updated_at DESC, operation_id DESC, sub_operation_id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$deviceId", deviceId);
        command.Parameters.AddWithValue("$afterUpdated", (object?)after?.UpdatedAt ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterOperation", (object?)after?.OperationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterSub", (object?)after?.SubOperationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return Task.FromResult<IReadOnlyList<UpgradeRow>>(ReadRows(command));
    }

    private static readonly string UpsertSql = $"""
            INSERT INTO upgrades ({Columns})
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

    private static void Bind(SqliteCommand command, UpgradeRow row)
    {
        command.Parameters.Clear();
        var parameters = command.Parameters;
        parameters.AddWithValue("$operationId", row.OperationId);
        parameters.AddWithValue("$subOperationId", row.SubOperationId);
        parameters.AddWithValue("$deviceId", row.DeviceId);
        parameters.AddWithValue("$kind", row.Kind);
        parameters.AddWithValue("$state", (object?)row.State ?? DBNull.Value);
        parameters.AddWithValue("$stateId", (object?)row.StateNotificationId ?? DBNull.Value);
        parameters.AddWithValue("$result", (object?)row.Result ?? DBNull.Value);
        parameters.AddWithValue("$resultId", (object?)row.ResultNotificationId ?? DBNull.Value);
        parameters.AddWithValue("$sourceVersion", (object?)row.SourceVersion ?? DBNull.Value);
        parameters.AddWithValue("$targetVersion", (object?)row.TargetVersion ?? DBNull.Value);
        parameters.AddWithValue("$currentVersion", (object?)row.CurrentVersion ?? DBNull.Value);
        parameters.AddWithValue("$errorCode", (object?)row.ErrorCode ?? DBNull.Value);
        parameters.AddWithValue("$description", (object?)row.Description ?? DBNull.Value);
        parameters.AddWithValue("$errorDescription", (object?)row.ErrorDescription ?? DBNull.Value);
        parameters.AddWithValue("$upgradeTime", (object?)row.UpgradeTime ?? DBNull.Value);
        parameters.AddWithValue("$firstSeenAt", row.FirstSeenAt.ToUnixTimeMilliseconds());
        parameters.AddWithValue("$updatedAt", row.UpdatedAt.ToUnixTimeMilliseconds());
        parameters.AddWithValue("$notifications", row.Notifications);
    }

    private static List<UpgradeRow> ReadRows(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<UpgradeRow>();
        while (reader.Read())
        {
            rows.Add(new UpgradeRow
            {
                OperationId = reader.GetString(0),
                SubOperationId = reader.GetString(1),
                DeviceId = reader.GetString(2),
                Kind = reader.GetString(3),
                State = Text(reader, 4),
                StateNotificationId = Text(reader, 5),
                Result = Text(reader, 6),
                ResultNotificationId = Text(reader, 7),
                SourceVersion = Text(reader, 8),
                TargetVersion = Text(reader, 9),
                CurrentVersion = Text(reader, 10),
                ErrorCode = Text(reader, 11),
                Description = Text(reader, 12),
                ErrorDescription = Text(reader, 13),
                UpgradeTime = Text(reader, 14),
                FirstSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(15)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(16)),
                Notifications = reader.GetInt32(17),
            });
        }

        return rows;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

using Dapper;
using IoTPush.Service.Storage;

namespace IoTPush.Service.Upgrades;

/// <summary>What operators ask of the upgrade tracker, in SQL that both stores share.</summary>
public sealed class UpgradeQueries(IDatabase database)
{
    public const string Columns = """
        operation_id, sub_operation_id, device_id, kind, state, state_notification_id, result, result_notification_id,
        source_version, target_version, current_version, error_code, description, error_description, upgrade_time,
        first_seen_at, updated_at, notifications
        """;

    /// <summary>The counts over an operation's rows, or null when the operation has none.</summary>
    public async Task<OperationCounts?> CountOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        var counts = await database.ReadAsync(connection => connection.QuerySingleAsync<OperationCounts>(new CommandDefinition("""
            SELECT count(*) AS devices,
                   coalesce(sum(CASE WHEN state = 'idle' THEN 1 ELSE 0 END), 0) AS idle,
                   coalesce(sum(CASE WHEN state = 'downloading' THEN 1 ELSE 0 END), 0) AS downloading,
                   coalesce(sum(CASE WHEN state = 'downloaded' THEN 1 ELSE 0 END), 0) AS downloaded,
                   coalesce(sum(CASE WHEN state = 'updating' THEN 1 ELSE 0 END), 0) AS updating,
                   coalesce(sum(CASE WHEN result = 'SUCCESS' THEN 1 ELSE 0 END), 0) AS succeeded,
                   coalesce(sum(CASE WHEN result = 'FAIL' THEN 1 ELSE 0 END), 0) AS failed,
                   coalesce(sum(CASE WHEN result IS NULL THEN 1 ELSE 0 END), 0) AS in_progress
            FROM upgrades WHERE operation_id = @operationId;
            """, new { operationId }, cancellationToken: cancellationToken)), cancellationToken);
        return counts.Devices == 0 ? null : counts;
    }

    /// <summary>An operation's rows by (subOperationId, deviceId), after the given key.</summary>
    public Task<IReadOnlyList<UpgradeRow>> ListOperationAsync(
        string operationId, (string SubOperationId, string DeviceId)? after, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"""
            SELECT {Columns} FROM upgrades
            WHERE operation_id = @operationId
              AND (@afterSub IS NULL OR (sub_operation_id, device_id) > (@afterSub, @afterDevice))
            ORDER BY sub_operation_id, device_id LIMIT @limit;
            """, new { operationId, afterSub = after?.SubOperationId, afterDevice = after?.DeviceId, limit }, cancellationToken);

    /// <summary>A device's rows, most recently updated first, after the given key.</summary>
    public Task<IReadOnlyList<UpgradeRow>> ListDeviceAsync(
        string deviceId, (DateTimeOffset UpdatedAt, string OperationId, string SubOperationId)? after, int limit,
        CancellationToken cancellationToken) =>
        QueryAsync($"""
            SELECT {Columns} FROM upgrades
            WHERE device_id = @deviceId
              AND (@afterOperation IS NULL
                   OR (updated_at, operation_id, sub_operation_id) < (@afterUpdated, @afterOperation, @afterSub))
            ORDER BY updated_at DESC, operation_id DESC, sub_operation_id DESC LIMIT @limit;
            """,
            new
            {
                deviceId,
                afterUpdated = after is { } key ? database.Dialect.Time(key.UpdatedAt) : null,
                afterOperation = after?.OperationId,
                afterSub = after?.SubOperationId,
                limit,
            },
            cancellationToken);

    private Task<IReadOnlyList<UpgradeRow>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<UpgradeRow>>(async connection =>
            (await connection.QueryAsync<UpgradeRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList(),
            cancellationToken);
}

/// <summary>An operation's rows counted: by current state, by result, and those with no result yet.</summary>
public sealed record OperationCounts
{
    public int Devices { get; init; }
    public int Idle { get; init; }
    public int Downloading { get; init; }
    public int Downloaded { get; init; }
    public int Updating { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public int InProgress { get; init; }
}

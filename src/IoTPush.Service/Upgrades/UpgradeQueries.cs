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

    private const string CampaignColumns = """
        operation_id, devices, firmware_devices, software_devices, idle, downloading, downloaded, updating,
        succeeded, failed, first_seen_at, updated_at
        """;

    /// <summary>An operation's counts, or null when no device has reported on it.</summary>
    public Task<CampaignTally?> FindCampaignAsync(string operationId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<CampaignTally?>(new CommandDefinition(
            $"SELECT {CampaignColumns} FROM campaigns WHERE operation_id = @operationId;",
            new { operationId }, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>
    /// The campaigns, most recently updated first, after the given key: of one kind (firmware, software, mixed),
    /// and only those with devices still in progress (<paramref name="active"/> true) or none (false).
    /// </summary>
    public Task<IReadOnlyList<CampaignTally>> ListCampaignsAsync(
        string? kind, bool? active, (DateTimeOffset UpdatedAt, string OperationId)? after, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CampaignTally>>(async connection => (await connection.QueryAsync<CampaignTally>(new CommandDefinition($"""
            SELECT {CampaignColumns}
            FROM campaigns
            WHERE (@kind IS NULL
                   OR (@kind = 'mixed' AND firmware_devices > 0 AND software_devices > 0)
                   OR (@kind = 'firmware' AND software_devices = 0)
                   OR (@kind = 'software' AND firmware_devices = 0))
              AND (@active IS NULL OR (@active = 1 AND devices > succeeded + failed) OR (@active = 0 AND devices = succeeded + failed))
              AND (@afterOperation IS NULL OR (updated_at, operation_id) < (@afterUpdated, @afterOperation))
            ORDER BY updated_at DESC, operation_id DESC LIMIT @limit;
            """,
            new
            {
                kind,
                active = active is { } flag ? (flag ? 1 : 0) : (int?)null,
                afterUpdated = after is { } key ? database.Dialect.Time(key.UpdatedAt) : null,
                afterOperation = after?.OperationId,
                limit,
            },
            cancellationToken: cancellationToken))).AsList(), cancellationToken);

    /// <summary>An operation's rows by (subOperationId, deviceId), after the given key; of one state or result when given.</summary>
    public Task<IReadOnlyList<UpgradeRow>> ListOperationAsync(
        string operationId, RowFilter filter, (string SubOperationId, string DeviceId)? after, int limit, CancellationToken cancellationToken) =>
        QueryAsync($"""
            SELECT {Columns} FROM upgrades
            WHERE operation_id = @operationId
              AND (@state IS NULL OR state = @state)
              AND (@result IS NULL OR result = @result OR (@result = 'none' AND result IS NULL))
              AND (@afterSub IS NULL OR (sub_operation_id, device_id) > (@afterSub, @afterDevice))
            ORDER BY sub_operation_id, device_id LIMIT @limit;
            """,
            new { operationId, state = filter.State, result = filter.Result, afterSub = after?.SubOperationId, afterDevice = after?.DeviceId, limit },
            cancellationToken);

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

/// <summary>Which of an operation's rows: of a state (idle, downloading, downloaded, updating) and a result (SUCCESS, FAIL, none).</summary>
public sealed record RowFilter(string? State, string? Result);

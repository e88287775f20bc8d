using Dapper;
using IoTPush.Inbox;

namespace IoTPush.Service.Storage;

/// <summary>What operators ask of the inbox, in SQL that both stores share.</summary>
public sealed class InboxQueries(IDatabase database) : IInboxQueries
{
    public const string RecordColumns =
        "id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body, status, attempts, last_error, processed_at";

    public Task<IReadOnlyList<InboxRecord>> ListAsync(InboxFilter filter, string? before, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<InboxRecord>>(async connection => (await connection.QueryAsync<InboxRecord>(new CommandDefinition($"""
            SELECT {RecordColumns} FROM inbox
            WHERE (@notifyType IS NULL OR notify_type = @notifyType)
              AND (@deviceId IS NULL OR device_id = @deviceId)
              AND (@operationId IS NULL OR operation_id = @operationId)
              AND (@status IS NULL OR status = @status)
              AND (@before IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @limit;
            """,
            new { notifyType = filter.NotifyType, deviceId = filter.DeviceId, operationId = filter.OperationId, status = filter.Status, before, limit },
            cancellationToken: cancellationToken))).AsList(), cancellationToken);

    public Task<InboxRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<InboxRecord?>(new CommandDefinition(
            $"SELECT {RecordColumns} FROM inbox WHERE id = @id;", new { id }, cancellationToken: cancellationToken)), cancellationToken);

    public Task<ReplayResult> ReplayAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var replayed = await connection.ExecuteScalarAsync<string?>(new CommandDefinition($"""
                UPDATE inbox SET status = 'pending', attempts = 0, next_attempt_at = NULL, processed_at = NULL{database.Dialect.ClearLease}
                WHERE id = @id AND status <> 'unhandled'
                RETURNING id;
                """, new { id }, transaction, cancellationToken: cancellationToken));
            if (replayed is not null)
            {
                return ReplayResult.Replayed;
            }

            var exists = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT 1 FROM inbox WHERE id = @id;", new { id }, transaction, cancellationToken: cancellationToken));
            return exists is null ? ReplayResult.NotFound : ReplayResult.Unhandled;
        }, cancellationToken);
}

using Dapper;
using IoTPush.Inbox;

namespace IoTPush.Service.Storage;

/// <summary>What operators ask of the inbox, in SQL that both stores share.</summary>
public sealed class InboxQueries(IDatabase database) : IInboxQueries
{
    public const string RecordColumns =
        "id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body, status, attempts, last_error, processed_at";

    /// <summary>
    /// Only the filters given are in the SQL: a filter written as <c>(@x IS NULL OR column = @x)</c> keeps the planner
    /// from using that column's index, and a rare device would be found by reading the whole inbox.
    /// </summary>
    public Task<IReadOnlyList<InboxRecord>> ListAsync(InboxFilter filter, string? before, int limit, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        void Add(object? value, string condition)
        {
            if (value is not null)
            {
                conditions.Add(condition);
            }
        }

        Add(filter.NotifyType, "notify_type = @notifyType");
        Add(filter.DeviceId, "device_id = @deviceId");
        Add(filter.OperationId, "operation_id = @operationId");
        Add(filter.Status, "status = @status");
        Add(before, "id < @before");
        var where = conditions.Count > 0 ? "WHERE " + string.Join(" AND ", conditions) : "";
        return database.ReadAsync<IReadOnlyList<InboxRecord>>(async connection => (await connection.QueryAsync<InboxRecord>(new CommandDefinition(
            $"SELECT {RecordColumns} FROM inbox {where} ORDER BY id DESC LIMIT @limit;",
            new { notifyType = filter.NotifyType, deviceId = filter.DeviceId, operationId = filter.OperationId, status = filter.Status, before, limit },
            cancellationToken: cancellationToken))).AsList(), cancellationToken);
    }

    public Task<InboxRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<InboxRecord?>(new CommandDefinition(
            $"SELECT {RecordColumns} FROM inbox WHERE id = @id;", new { id }, cancellationToken: cancellationToken)), cancellationToken);

    public Task<ReplayResult> ReplayAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // A record that holds a lease is being dispatched; every other one has none to clear.
            var replayed = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
                UPDATE inbox SET status = 'pending', attempts = 0, next_attempt_at = NULL, processed_at = NULL
                WHERE id = @id AND status <> 'unhandled' AND NOT (status = 'pending' AND lease_until IS NOT NULL)
                RETURNING id;
                """, new { id }, transaction, cancellationToken: cancellationToken));
            if (replayed is not null)
            {
                return ReplayResult.Replayed;
            }

            var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM inbox WHERE id = @id;", new { id }, transaction, cancellationToken: cancellationToken));
            return status switch
            {
                null => ReplayResult.NotFound,
                InboxStatus.Unhandled => ReplayResult.Unhandled,
                _ => ReplayResult.BeingDispatched,
            };
        }, cancellationToken);
}

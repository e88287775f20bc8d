using IoTPush.Inbox;

namespace IoTPush.Service.Storage;

public sealed class SqliteInboxQueries(SqliteDatabase database) : IInboxQueries
{
    private const string Columns =
        "id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body, status, attempts, last_error, processed_at";

    public Task<IReadOnlyList<InboxRecord>> ListAsync(InboxFilter filter, string? before, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM inbox
            WHERE ($notifyType IS NULL OR notify_type = $notifyType)
              AND ($deviceId IS NULL OR device_id = $deviceId)
              AND ($operationId IS NULL OR operation_id = $operationId)
              AND ($status IS NULL OR status = $status)
              AND ($before IS NULL OR id < $before)
            ORDER BY id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$notifyType", (object?)filter.NotifyType ?? DBNull.Value);
        command.Parameters.AddWithValue("$deviceId", (object?)filter.DeviceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$operationId", (object?)filter.OperationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", (object?)filter.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("$before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var records = new List<InboxRecord>(Math.Min(limit, 1024));
        while (reader.Read())
        {
            records.Add(SqliteInboxStore.ReadRecord(reader));
        }

        return Task.FromResult<IReadOnlyList<InboxRecord>>(records);
    }

    public Task<InboxRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM inbox WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? SqliteInboxStore.ReadRecord(reader) : null);
    }

    public Task<ReplayResult> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE inbox SET status = 'pending', attempts = 0, next_attempt_at = NULL, processed_at = NULL
            WHERE id = $id AND status <> 'unhandled'
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$id", id);
        if (command.ExecuteScalar() is not null)
        {
            return Task.FromResult(ReplayResult.Replayed);
        }

        command.CommandText = "SELECT 1 FROM inbox WHERE id = $id;";
        return Task.FromResult(command.ExecuteScalar() is null ? ReplayResult.NotFound : ReplayResult.Unhandled);
    }
}

using IoTPush.Inbox;

namespace IoTPush.Service.Storage;

public sealed class SqliteInboxQueries(SqliteDatabase database) : IInboxQueries
{
    public Task<IReadOnlyList<InboxRecord>> ListAsync(InboxFilter filter, string? before, int limit, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {SqliteInboxStore.RecordColumns} FROM inbox
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
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteInboxStore.RecordColumns} FROM inbox WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? SqliteInboxStore.ReadRecord(reader) : null);
    }

    public Task<ReplayResult> ReplayAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(database.Write(transaction =>
        {
            using var replay = transaction.Command("""
                UPDATE inbox SET status = 'pending', attempts = 0, next_attempt_at = NULL, processed_at = NULL
                WHERE id = $id AND status <> 'unhandled'
                RETURNING id;
                """);
            replay.Parameters.AddWithValue("$id", id);
            if (replay.ExecuteScalar() is not null)
            {
                return ReplayResult.Replayed;
            }

            using var exists = transaction.Command("SELECT 1 FROM inbox WHERE id = $id;");
            exists.Parameters.AddWithValue("$id", id);
            return exists.ExecuteScalar() is null ? ReplayResult.NotFound : ReplayResult.Unhandled;
        }));
}

using IoTPush.Inbox;

namespace IoTPush.Service.Storage;

public sealed class PostgresInboxQueries(PostgresDatabase database) : IInboxQueries
{
    public async Task<IReadOnlyList<InboxRecord>> ListAsync(InboxFilter filter, string? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"""
            SELECT {PostgresInboxStore.RecordColumns} FROM inbox
            WHERE ($1::text IS NULL OR notify_type = $1)
              AND ($2::text IS NULL OR device_id = $2)
              AND ($3::text IS NULL OR operation_id = $3)
              AND ($4::text IS NULL OR status = $4)
              AND ($5::text IS NULL OR id < $5)
            ORDER BY id DESC LIMIT $6;
            """);
        command.Parameters.Add(new() { Value = (object?)filter.NotifyType ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.DeviceId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.OperationId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)filter.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        return await PostgresInboxStore.ReadRecordsAsync(command, cancellationToken);
    }

    public async Task<InboxRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {PostgresInboxStore.RecordColumns} FROM inbox WHERE id = $1;");
        command.Parameters.Add(new() { Value = id });
        return (await PostgresInboxStore.ReadRecordsAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<ReplayResult> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            WITH replayed AS (
                UPDATE inbox SET status = 'pending', attempts = 0, next_attempt_at = NULL, processed_at = NULL, lease_until = NULL, lease_owner = NULL
                WHERE id = $1 AND status <> 'unhandled'
                RETURNING id)
            SELECT (SELECT count(*) FROM replayed), (SELECT count(*) FROM inbox WHERE id = $1);
            """);
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) > 0 ? ReplayResult.Replayed
            : reader.GetInt64(1) > 0 ? ReplayResult.Unhandled
            : ReplayResult.NotFound;
    }
}

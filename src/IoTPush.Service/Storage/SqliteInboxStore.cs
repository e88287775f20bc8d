using Dapper;
using IoTPush.Inbox;
using Microsoft.Data.Sqlite;

namespace IoTPush.Service.Storage;

/// <summary>
/// The inbox in an embedded SQLite file (WAL, synchronous=FULL), owned by one process.
/// Microsoft.Data.Sqlite is synchronous underneath, so the methods do their work inline.
/// </summary>
public sealed class SqliteInboxStore(SqliteDatabase database, TimeProvider time) : InboxStore(database)
{
    public override Task<IReadOnlyList<InboxWriteResult>> AppendAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Append(entries));
        }
        catch (SqliteException exception) when (StoreErrors.IsRefusedContent(exception))
        {
            throw new InboxEntryRejectedException(exception.Message, exception);
        }
    }

    /// <summary>A read, and the file is still the one at its path.</summary>
    public override Task PingAsync(CancellationToken cancellationToken)
    {
        database.EnsureTheFileIsInPlace();
        return base.PingAsync(cancellationToken);
    }

    private IReadOnlyList<InboxWriteResult> Append(IReadOnlyList<InboxEntry> entries) =>
        database.Write<IReadOnlyList<InboxWriteResult>>(transaction =>
        {
            using var insert = transaction.Command("""
                INSERT INTO inbox (id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body, dedup_key, status)
                VALUES ($id, $receivedAt, $notifyType, $deviceId, $appId, $operationId, $subOperationId, $body, $dedupKey, $status)
                ON CONFLICT (dedup_key) DO NOTHING;
                """);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var receivedAt = insert.Parameters.Add("$receivedAt", SqliteType.Integer);
            var notifyType = insert.Parameters.Add("$notifyType", SqliteType.Text);
            var deviceId = insert.Parameters.Add("$deviceId", SqliteType.Text);
            var appId = insert.Parameters.Add("$appId", SqliteType.Text);
            var operationId = insert.Parameters.Add("$operationId", SqliteType.Text);
            var subOperationId = insert.Parameters.Add("$subOperationId", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            var dedupKey = insert.Parameters.Add("$dedupKey", SqliteType.Blob);
            var status = insert.Parameters.Add("$status", SqliteType.Text);
            using var existing = transaction.Command("SELECT id FROM inbox WHERE dedup_key = $dedupKey;");
            var existingKey = existing.Parameters.Add("$dedupKey", SqliteType.Blob);

            var results = new InboxWriteResult[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                id.Value = entry.Id;
                receivedAt.Value = entry.ReceivedAt.ToUnixTimeMilliseconds();
                notifyType.Value = entry.NotifyType;
                deviceId.Value = (object?)entry.DeviceId ?? DBNull.Value;
                appId.Value = (object?)entry.AppId ?? DBNull.Value;
                operationId.Value = (object?)entry.OperationId ?? DBNull.Value;
                subOperationId.Value = (object?)entry.SubOperationId ?? DBNull.Value;
                body.Value = entry.Body;
                dedupKey.Value = entry.DedupKey;
                status.Value = entry.Status;
                if (insert.ExecuteNonQuery() == 1)
                {
                    results[i] = new InboxWriteResult(entry.Id, Duplicate: false);
                }
                else
                {
                    existingKey.Value = entry.DedupKey;
                    results[i] = new InboxWriteResult((string)existing.ExecuteScalar()!, Duplicate: true);
                }
            }

            return results;
        });

    /// <summary>
    /// A plain read: one process owns the file and its one dispatcher saves a batch's outcomes before it
    /// asks for the next, so nothing else can take these records and no lease needs writing (which would
    /// rewrite every record twice). Leases matter where several instances share a store.
    /// </summary>
    public override async Task<IReadOnlyList<InboxRecord>> LeaseDueAsync(int max, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        using var connection = database.OpenReader();
        var records = await connection.QueryAsync<InboxRecord>(new CommandDefinition($"""
            SELECT {InboxQueries.RecordColumns} FROM inbox
            WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
            ORDER BY id LIMIT @max;
            """, new { now = time.GetUtcNow().ToUnixTimeMilliseconds(), max }, cancellationToken: cancellationToken));
        return records.AsList();
    }

    public override Task SaveOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, CancellationToken cancellationToken)
    {
        database.Write(transaction =>
        {
            using var command = transaction.Command("""
                UPDATE inbox
                SET status = $status, attempts = $attempts, last_error = $lastError, processed_at = $processedAt,
                    next_attempt_at = $nextAttemptAt
                WHERE id = $id;
                """);
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var status = command.Parameters.Add("$status", SqliteType.Text);
            var attempts = command.Parameters.Add("$attempts", SqliteType.Integer);
            var lastError = command.Parameters.Add("$lastError", SqliteType.Text);
            var processedAt = command.Parameters.Add("$processedAt", SqliteType.Integer);
            var nextAttemptAt = command.Parameters.Add("$nextAttemptAt", SqliteType.Integer);
            foreach (var outcome in outcomes)
            {
                id.Value = outcome.Id;
                status.Value = outcome.Status;
                attempts.Value = outcome.Attempts;
                lastError.Value = (object?)outcome.LastError ?? DBNull.Value;
                processedAt.Value = (object?)outcome.ProcessedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
                nextAttemptAt.Value = (object?)outcome.NextAttemptAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
                command.ExecuteNonQuery();
            }

            return outcomes.Count;
        });
        return Task.CompletedTask;
    }
}

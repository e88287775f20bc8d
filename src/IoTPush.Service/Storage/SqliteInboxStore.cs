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
    public override async Task<IReadOnlyList<InboxWriteResult>> AppendAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            return await Append(entries, cancellationToken);
        }
        catch (SqliteException exception) when (StoreErrors.IsRefusedContent(exception))
        {
            throw new InboxEntryRejectedException(exception.Message, exception);
        }
    }

    // Room the next commits need: SQLite reuses its WAL's space, so a small write can succeed on a full disk.
    private const long MinimumFreeBytes = 4 * 1024 * 1024;

    /// <summary>A small write, and room on the disk for the commits that failed: then the store takes pushes again.</summary>
    public override async Task ProbeWriteAsync(CancellationToken cancellationToken)
    {
        var free = new DriveInfo(System.IO.Path.GetDirectoryName(database.Path)!).AvailableFreeSpace;
        if (free < MinimumFreeBytes)
        {
            throw new StoreUnavailableException($"The disk holding {database.Path} has {free} bytes free.");
        }

        await base.ProbeWriteAsync(cancellationToken);
    }

    /// <summary>A read, and the file is still the one at its path.</summary>
    public override Task PingAsync(CancellationToken cancellationToken)
    {
        database.EnsureTheFileIsInPlace();
        return base.PingAsync(cancellationToken);
    }

    private Task<IReadOnlyList<InboxWriteResult>> Append(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<InboxWriteResult>>(transaction =>
        {
            using var insert = transaction.Command("""
                INSERT INTO inbox (id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body, dedup_key, status,
                                   attempts, lease_until)
                VALUES ($id, $receivedAt, $notifyType, $deviceId, $appId, $operationId, $subOperationId, $body, $dedupKey, $status,
                        $attempts, $leaseUntil)
                ON CONFLICT DO NOTHING;
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
            var attempts = insert.Parameters.Add("$attempts", SqliteType.Integer);
            var leaseUntil = insert.Parameters.Add("$leaseUntil", SqliteType.Integer);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            // The dedup indexes: (device_id, dedup_key), and dedup_key alone for pushes without a device.
            using var existing = transaction.Command("SELECT id FROM inbox WHERE device_id IS $deviceId AND dedup_key = $dedupKey;");
            var existingDevice = existing.Parameters.Add("$deviceId", SqliteType.Text);
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
                // Taken: handed to the dispatcher in memory, its first attempt under way.
                attempts.Value = entry.TakenFor is null ? 0 : 1;
                leaseUntil.Value = entry.TakenFor is { } lease ? now + (long)lease.TotalMilliseconds : DBNull.Value;
                if (insert.ExecuteNonQuery() == 1)
                {
                    results[i] = new InboxWriteResult(entry.Id, Duplicate: false);
                }
                else
                {
                    existingDevice.Value = deviceId.Value;
                    existingKey.Value = entry.DedupKey;
                    results[i] = new InboxWriteResult((string)existing.ExecuteScalar()!, Duplicate: true);
                }
            }

            return results;
        }, cancellationToken);

    /// <summary>
    /// Takes due records and counts the take, in one statement through the writer. One process owns the file and
    /// its one dispatcher saves a batch's outcomes before it takes the next, so the take writes no lease; the lease
    /// a record carries is that of a push handed to the dispatcher in memory as it was stored.
    /// </summary>
    public override async Task<IReadOnlyList<InboxRecord>> LeaseDueAsync(int max, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        var records = await database.WriteAsync((connection, transaction) => connection.QueryAsync<InboxRecord>(new CommandDefinition($"""
            UPDATE inbox SET attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM inbox
                WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
                  AND (lease_until IS NULL OR lease_until <= @now)
                ORDER BY id LIMIT @max)
            RETURNING {InboxQueries.RecordColumns};
            """, new { now = time.GetUtcNow().ToUnixTimeMilliseconds(), max }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);
        // RETURNING does not promise an order; dispatch goes by receipt.
        return records.OrderBy(record => record.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Renews the leases of pushes handed over in memory. Records taken from the store carry none: the one dispatcher of
    /// this file holds them until it saves their outcomes, so every record named is still held.
    /// </summary>
    public override async Task<int> RenewLeasesAsync(IReadOnlyList<string> ids, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET lease_until = @until
            WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'pending' AND lease_until IS NOT NULL;
            """,
            new { until = (time.GetUtcNow() + leaseFor).ToUnixTimeMilliseconds(), ids = System.Text.Json.JsonSerializer.Serialize(ids) },
            transaction, cancellationToken: cancellationToken)), cancellationToken);
        return ids.Count;
    }

    /// <summary>The batch's processed records in one statement; records to retry or dead-letter one by one.</summary>
    public override Task SaveOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var processed = outcomes.Where(outcome => outcome.Status == InboxStatus.Processed).ToList();
            if (processed.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE inbox SET status = 'processed', processed_at = @now, lease_until = NULL,
                        attempts = json_extract(batch.value, '$.a'), last_error = json_extract(batch.value, '$.e')
                    FROM json_each(@batch) AS batch
                    WHERE inbox.id = json_extract(batch.value, '$.i');
                    """,
                    new { now, batch = System.Text.Json.JsonSerializer.Serialize(processed.Select(o => new { i = o.Id, a = o.Attempts, e = o.LastError })) },
                    transaction, cancellationToken: cancellationToken));
            }

            foreach (var outcome in outcomes.Where(outcome => outcome.Status != InboxStatus.Processed))
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE inbox SET status = @status, attempts = @attempts, last_error = @lastError, processed_at = NULL,
                        next_attempt_at = @nextAttemptAt, lease_until = NULL
                    WHERE id = @id;
                    """,
                    new
                    {
                        id = outcome.Id, status = outcome.Status, attempts = outcome.Attempts, lastError = outcome.LastError,
                        nextAttemptAt = outcome.RetryAfter is { } wait ? now + (long)wait.TotalMilliseconds : (long?)null,
                    },
                    transaction, cancellationToken: cancellationToken));
            }

            return outcomes.Count;
        }, cancellationToken);

    /// <summary>One writer: nothing can replay a record between the two deletes.</summary>
    public override Task<int> PurgeAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var purged = (await connection.QueryAsync<string>(new CommandDefinition(
                $"DELETE FROM inbox WHERE id IN ({Purgeable}) RETURNING id;",
                new { cutoff = receivedBefore.ToUnixTimeMilliseconds(), max }, transaction, cancellationToken: cancellationToken))).AsList();
            if (purged.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM upgrade_applied WHERE notification_id IN (SELECT value FROM json_each(@ids));",
                    new { ids = System.Text.Json.JsonSerializer.Serialize(purged) }, transaction, cancellationToken: cancellationToken));
            }

            return purged.Count;
        }, cancellationToken);
}

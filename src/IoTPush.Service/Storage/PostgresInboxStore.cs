using Dapper;
using IoTPush.Inbox;
using Npgsql;
using Polly;
using Polly.Retry;

namespace IoTPush.Service.Storage;

/// <summary>
/// The inbox in PostgreSQL, shared by every instance. Dedup holds across instances through the unique
/// dedup key; records are leased with <c>FOR UPDATE SKIP LOCKED</c> so that no two dispatchers take the
/// same one, and a lease left by a crashed instance expires and is taken over.
/// </summary>
public sealed class PostgresInboxStore(PostgresDatabase database) : InboxStore(database)
{
    // A blip (a dropped connection, a failover) is retried once or twice within the commit's deadline.
    private static readonly ResiliencePipeline TransientRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(exception => exception.IsTransient),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public override async Task<IReadOnlyList<InboxWriteResult>> AppendAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            return await TransientRetry.ExecuteAsync(token => new ValueTask<IReadOnlyList<InboxWriteResult>>(AppendOnceAsync(entries, token)),
                cancellationToken);
        }
        catch (PostgresException exception) when (StoreErrors.IsRefusedContent(exception))
        {
            throw new InboxEntryRejectedException($"{exception.MessageText} ({exception.SqlState})", exception);
        }
    }

    private async Task<IReadOnlyList<InboxWriteResult>> AppendOnceAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One statement for the batch. Within it, a repeated dedup key is inserted once (the first, by position).
        await using var insert = new NpgsqlCommand("""
            INSERT INTO inbox (id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body, dedup_key, status,
                               attempts, lease_until, lease_owner)
            SELECT id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body, dedup_key, status,
                   CASE WHEN taken_for IS NULL THEN 0 ELSE 1 END, now() + taken_for, CASE WHEN taken_for IS NOT NULL THEN $12::uuid END
            FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                        $9::bytea[], $10::text[], $11::interval[])
                 WITH ORDINALITY AS batch (id, received_at, notify_type, device_id, app_id, operation_id, sub_operation_id, body,
                        dedup_key, status, taken_for, position)
            ORDER BY position
            ON CONFLICT (dedup_key) DO NOTHING
            RETURNING id;
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = entries.Select(entry => entry.Id).ToArray() },
                new() { Value = entries.Select(entry => entry.ReceivedAt).ToArray() },
                new() { Value = entries.Select(entry => entry.NotifyType).ToArray() },
                new() { Value = entries.Select(entry => entry.DeviceId).ToArray() },
                new() { Value = entries.Select(entry => entry.AppId).ToArray() },
                new() { Value = entries.Select(entry => entry.OperationId).ToArray() },
                new() { Value = entries.Select(entry => entry.SubOperationId).ToArray() },
                new() { Value = entries.Select(entry => entry.Body).ToArray() },
                new() { Value = entries.Select(entry => entry.DedupKey).ToArray() },
                new() { Value = entries.Select(entry => entry.Status).ToArray() },
                // Taken: handed to this instance's dispatcher in memory, its first attempt under way, leased to it.
                new() { Value = entries.Select(entry => entry.TakenFor).ToArray() },
                new() { Value = Instance },
            },
        };
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        if (inserted.Count < entries.Count)
        {
            // Duplicates: answer the id they were first stored under (perhaps by another instance, just now).
            await using var lookup = new NpgsqlCommand("SELECT dedup_key, id FROM inbox WHERE dedup_key = ANY($1);", connection, transaction)
            {
                Parameters = { new() { Value = entries.Where(entry => !inserted.Contains(entry.Id)).Select(entry => entry.DedupKey).ToArray() } },
            };
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing[Convert.ToHexString((byte[])reader[0])] = reader.GetString(1);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return entries
            .Select(entry => inserted.Contains(entry.Id)
                ? new InboxWriteResult(entry.Id, Duplicate: false)
                : new InboxWriteResult(existing[Convert.ToHexString(entry.DedupKey)], Duplicate: true))
            .ToArray();
    }

    /// <summary>
    /// Leases due records for this instance and counts the take. Expiry is the database's clock, so that instances
    /// whose clocks differ agree on when a lease has run out.
    /// </summary>
    public override async Task<IReadOnlyList<InboxRecord>> LeaseDueAsync(int max, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var records = (await connection.QueryAsync<InboxRecord>(new CommandDefinition($"""
            UPDATE inbox SET lease_until = now() + @leaseFor, lease_owner = @owner, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM inbox
                WHERE status = 'pending'
                  AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                  AND (lease_until IS NULL OR lease_until <= now())
                ORDER BY id
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            RETURNING {InboxQueries.RecordColumns};
            """, new { leaseFor, max, owner = Instance }, cancellationToken: cancellationToken))).AsList();
        // RETURNING does not promise an order; dispatch goes by receipt.
        records.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return records;
    }

    public override async Task<int> RenewLeasesAsync(IReadOnlyList<string> ids, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET lease_until = now() + @leaseFor
            WHERE id = ANY(@ids) AND lease_owner = @owner AND status = 'pending';
            """, new { ids = ids.ToArray(), leaseFor, owner = Instance }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Saves only where this instance still holds the lease: if it expired and another instance took the
    /// record over, that instance's outcome is the one that counts.
    /// </summary>
    public override async Task SaveOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox
            SET status = outcome.status, attempts = outcome.attempts, last_error = outcome.last_error,
                processed_at = CASE WHEN outcome.status = 'processed' THEN now() END,
                next_attempt_at = now() + outcome.retry_after, lease_until = NULL, lease_owner = NULL
            FROM unnest(@ids::text[], @statuses::text[], @attempts::integer[], @errors::text[], @retries::interval[])
                 AS outcome (id, status, attempts, last_error, retry_after)
            WHERE inbox.id = outcome.id AND inbox.lease_owner = @owner;
            """,
            new
            {
                ids = outcomes.Select(outcome => outcome.Id).ToArray(),
                statuses = outcomes.Select(outcome => outcome.Status).ToArray(),
                attempts = outcomes.Select(outcome => outcome.Attempts).ToArray(),
                errors = outcomes.Select(outcome => outcome.LastError).ToArray(),
                retries = outcomes.Select(outcome => outcome.RetryAfter).ToArray(),
                owner = Instance,
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Locked first, so that a record another instance replays meanwhile keeps its applied mark.</summary>
    public override async Task<int> PurgeAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition($"""
            WITH purged AS ({Purgeable} FOR UPDATE SKIP LOCKED),
                 marks AS (DELETE FROM upgrade_applied WHERE notification_id IN (SELECT id FROM purged)),
                 deleted AS (DELETE FROM inbox WHERE id IN (SELECT id FROM purged) RETURNING 1)
            SELECT count(*)::int FROM deleted;
            """, new { cutoff = receivedBefore, max }, cancellationToken: cancellationToken));
    }
}

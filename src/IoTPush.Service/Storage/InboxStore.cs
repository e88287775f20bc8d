using Dapper;
using IoTPush.Inbox;

namespace IoTPush.Service.Storage;

/// <summary>
/// The inbox in either store. What both do alike is here; appending, leasing and saving outcomes are where
/// the algorithms differ (a single-process file versus a database that several instances share).
/// </summary>
public abstract class InboxStore(IDatabase database) : IInboxStore
{
    public abstract Task<IReadOnlyList<InboxWriteResult>> AppendAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<InboxRecord>> LeaseDueAsync(int max, TimeSpan leaseFor, CancellationToken cancellationToken);

    public abstract Task<int> RenewLeasesAsync(IReadOnlyList<string> ids, TimeSpan leaseFor, CancellationToken cancellationToken);

    public abstract Task SaveOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="max"/> processed or unhandled records received before <paramref name="receivedBefore"/>,
    /// oldest first, with their upgrade-applied marks, in one transaction; answers how many records it deleted.
    /// </summary>
    public abstract Task<int> PurgeAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken);

    /// <summary>The records <see cref="PurgeAsync"/> takes, oldest first.</summary>
    protected const string Purgeable =
        "SELECT id FROM inbox WHERE received_at < @cutoff AND status IN ('processed', 'unhandled') ORDER BY received_at LIMIT @max";

    public Task<long> CountPendingAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM inbox WHERE status = 'pending';", cancellationToken: cancellationToken)), cancellationToken);

    public virtual Task PingAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection => connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT 1;", cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Commits a one-row write: the store takes writes (a read alone succeeds on a full disk).</summary>
    public virtual Task ProbeWriteAsync(CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO store_probe (instance, probed_at) VALUES (@instance, @now)
            ON CONFLICT (instance) DO UPDATE SET probed_at = excluded.probed_at;
            """, new { instance = Instance.ToString(), now = database.Dialect.Time(DateTimeOffset.UtcNow) }, transaction,
            cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>This process, as the owner of its leases and its probe row.</summary>
    protected Guid Instance { get; } = Guid.NewGuid();
}

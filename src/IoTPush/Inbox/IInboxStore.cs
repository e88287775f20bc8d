namespace IoTPush.Inbox;

/// <summary>The durable inbox. Implementations: SQLite (embedded) and PostgreSQL (shared).</summary>
public interface IInboxStore
{
    /// <summary>
    /// Stores the entries in one transaction, answering for each, in order, the id it is stored under.
    /// An entry whose dedup key is already stored (or earlier in the same batch) is not stored again.
    /// Returns only after the transaction has committed durably; throws when it could not.
    /// </summary>
    Task<IReadOnlyList<InboxWriteResult>> AppendAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> pending records that are due, oldest first, so that no other
    /// dispatcher takes them until <paramref name="leaseFor"/> has passed or their outcome is saved, and counts the
    /// take as an attempt, so that a record whose handling ends the process is not taken forever.
    /// </summary>
    Task<IReadOnlyList<InboxRecord>> LeaseDueAsync(int max, TimeSpan leaseFor, CancellationToken cancellationToken);

    /// <summary>Extends this dispatcher's leases on the records; answers how many it still held.</summary>
    Task<int> RenewLeasesAsync(IReadOnlyList<string> ids, TimeSpan leaseFor, CancellationToken cancellationToken);

    /// <summary>Saves the outcomes of dispatch attempts in one transaction, ending their leases.</summary>
    Task SaveOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>How many records are pending (waiting for dispatch or between attempts).</summary>
    Task<long> CountPendingAsync(CancellationToken cancellationToken);

    /// <summary>Throws unless the store answers a trivial query.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Throws unless the store commits a small write (a full disk still answers reads).</summary>
    Task ProbeWriteAsync(CancellationToken cancellationToken);
}

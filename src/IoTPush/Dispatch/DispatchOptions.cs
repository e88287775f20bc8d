namespace IoTPush.Dispatch;

/// <summary>The <c>Dispatch</c> configuration section.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>
    /// False makes this instance receive-only: it stores pushes but hands none to receivers (another instance
    /// sharing the store does, or dispatch resumes when this is set back). Records wait as pending.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts before a record becomes <c>failed</c> (the dead letter).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// Records leased and handled per round. Small enough that a round's tracker transaction does not hold up the
    /// commits that pushes wait for (200 doubled the p99 of a loaded SQLite service; see docs/performance.md). The
    /// service takes 500 on PostgreSQL unless this is set.
    /// </summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// After a round that found fewer than <see cref="BatchSize"/> records, how long to let more gather before
    /// the next. Under load this makes rounds larger and transactions fewer; an idle dispatcher still
    /// starts at once when a push arrives.
    /// </summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Wait before the second attempt; doubles for each one after, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an idle dispatcher looks for due retries and for records stored by other instances.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a leased record stays with one dispatcher before another may take it over (a store shared by several
    /// instances). The lease is renewed every third of it while the record's handlers run, so it is the time an
    /// instance that stopped answering keeps its records, not a limit on handlers.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest one call into a receiver may take (one handler method, or one batch for a receiver that handles
    /// batches): then it is cancelled through its token and counts as a failure of the pushes it had not finished.
    /// </summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The wait after the given failed attempt (1-based) before the next one: <see cref="InitialBackoff"/> doubling up
    /// to <see cref="MaxBackoff"/>, of which a random half is taken off, so that pushes that failed together (an
    /// outage) are not all retried in the same instant.
    /// </summary>
    public TimeSpan BackoffAfter(int attempt, Random? random = null)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var ceiling = Math.Min(InitialBackoff.Ticks * factor, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + (0.5 * (random ?? Random.Shared).NextDouble()))));
    }
}

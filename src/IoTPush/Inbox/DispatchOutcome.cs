namespace IoTPush.Inbox;

/// <summary>
/// What one dispatch attempt did to a leased record. Saving it also ends the lease. Times are the store's to
/// stamp (the database's clock where several instances share it): <see cref="RetryAfter"/> is a delay, and a
/// <see cref="InboxStatus.Processed"/> record gets its processing time when the outcome is saved.
/// </summary>
/// <param name="Id">The record.</param>
/// <param name="Status">Processed, failed (dead letter), or pending again.</param>
/// <param name="Attempts">The attempts to keep: the takes so far, or one fewer for a record released unhandled.</param>
/// <param name="LastError">The latest failure, kept after a success too.</param>
/// <param name="RetryAfter">For a pending record: how long it waits before it is due again (null: at once).</param>
public sealed record DispatchOutcome(string Id, string Status, int Attempts, string? LastError, TimeSpan? RetryAfter);

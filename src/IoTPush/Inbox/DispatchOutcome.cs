namespace IoTPush.Inbox;

/// <summary>
/// What one dispatch attempt did to a leased record. Saving it also ends the lease.
/// A record left <see cref="InboxStatus.Pending"/> waits until <see cref="NextAttemptAt"/> (null: at once).
/// </summary>
public sealed record DispatchOutcome(
    string Id,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset? ProcessedAt,
    DateTimeOffset? NextAttemptAt);

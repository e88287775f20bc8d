namespace IoTPush.Inbox;

/// <summary>A push about to be stored. The identifying fields are null when an unhandled type lacks them.</summary>
public sealed record InboxEntry
{
    public required string Id { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string NotifyType { get; init; }
    public string? DeviceId { get; init; }
    public string? AppId { get; init; }
    public string? OperationId { get; init; }
    public string? SubOperationId { get; init; }

    /// <summary>The request body exactly as received (valid UTF-8, so it round-trips as text).</summary>
    public required string Body { get; init; }

    /// <summary>SHA-256 of the canonical JSON; unique in the store.</summary>
    public required byte[] DedupKey { get; init; }

    /// <summary><see cref="InboxStatus.Pending"/> or <see cref="InboxStatus.Unhandled"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The typed notification read at intake, to hand to this instance's dispatcher in memory; not stored.</summary>
    public Notifications.Notification? Notification { get; init; }

    /// <summary>
    /// Set by the writer for an entry handed to this instance's dispatcher: stored as taken (its first attempt
    /// counted), leased to this instance for this long, so that no dispatcher takes it from the store meanwhile.
    /// </summary>
    public TimeSpan? TakenFor { get; init; }
}

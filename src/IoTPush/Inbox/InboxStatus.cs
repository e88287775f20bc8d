namespace IoTPush.Inbox;

/// <summary>Where an inbox record stands; stored as these strings.</summary>
public static class InboxStatus
{
    /// <summary>Stored, waiting for (or between attempts of) dispatch.</summary>
    public const string Pending = "pending";

    /// <summary>Every receiver handled it.</summary>
    public const string Processed = "processed";

    /// <summary>Dead letter: dispatch failed <c>Dispatch:MaxAttempts</c> times; replayable.</summary>
    public const string Failed = "failed";

    /// <summary>Stored, but its notifyType has no typed handler; never dispatched.</summary>
    public const string Unhandled = "unhandled";

    public static IReadOnlyList<string> All { get; } = [Pending, Processed, Failed, Unhandled];
}

namespace IoTPush.Inbox;

/// <summary>Group commit settings, read from the <c>Storage</c> section.</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Storage";

    /// <summary>The most pushes one transaction holds. 1 gives one transaction per push.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// How long a commit waits for more pushes when the batch is not full. Zero (the default) commits
    /// whatever has arrived at once: pushes that arrive during a commit form the next batch anyway.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;
}

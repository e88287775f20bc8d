namespace IoTPush.Inbox;

/// <summary>
/// The store refused what an entry holds (a value its column cannot take), not because it is unavailable: the
/// writer finds which entries of the batch caused it, answers those 400, and stores the others.
/// </summary>
public sealed class InboxEntryRejectedException(string message, Exception? innerException = null)
    : Exception(message, innerException);

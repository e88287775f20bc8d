namespace IoTPush.Inbox;

/// <summary>The inbox could not commit a push; the receiver answers 503 so that the platform retries.</summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);

namespace IoTPush.Dispatch;

/// <summary>About the stored push being handled: its inbox id, when it arrived, and which attempt this is.</summary>
public sealed record PushContext(string Id, DateTimeOffset ReceivedAt, int Attempt, CancellationToken CancellationToken);

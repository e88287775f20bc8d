namespace IoTPush.Receiving;

/// <summary>The 200 answer: the inbox id, and whether this delivery repeated one already stored.</summary>
public sealed record PushAccepted(string Id, bool Duplicate);

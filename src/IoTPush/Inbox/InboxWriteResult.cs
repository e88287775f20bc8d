namespace IoTPush.Inbox;

/// <summary>The stored record's id; when <paramref name="Duplicate"/>, the id of the earlier delivery.</summary>
public readonly record struct InboxWriteResult(string Id, bool Duplicate);

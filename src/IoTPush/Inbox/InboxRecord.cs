namespace IoTPush.Inbox;

/// <summary>A stored push with its dispatch state.</summary>
public sealed record InboxRecord
{
    public required string Id { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string NotifyType { get; init; }
    public string? DeviceId { get; init; }
    public string? AppId { get; init; }
    public string? OperationId { get; init; }
    public string? SubOperationId { get; init; }
    public required string Body { get; init; }
    public required string Status { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? ProcessedAt { get; init; }
}

using IoTPush.Inbox;

namespace IoTPush.Service.Storage;

/// <summary>What operators ask of the inbox: listing, one record, and replay.</summary>
public interface IInboxQueries
{
    /// <summary>Records matching every given filter, newest first, older than <paramref name="before"/> when given.</summary>
    Task<IReadOnlyList<InboxRecord>> ListAsync(InboxFilter filter, string? before, int limit, CancellationToken cancellationToken);

    Task<InboxRecord?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sets a record back to pending with a fresh count of attempts (its last error stays).</summary>
    Task<ReplayResult> ReplayAsync(string id, CancellationToken cancellationToken);
}

public sealed record InboxFilter(string? NotifyType, string? DeviceId, string? OperationId, string? Status);

public enum ReplayResult
{
    Replayed,
    NotFound,

    /// <summary>Its notifyType has no handler, so there is nothing to replay it to.</summary>
    Unhandled,

    /// <summary>It is pending and taken by a dispatcher right now: replaying it would dispatch it twice at once.</summary>
    BeingDispatched,
}

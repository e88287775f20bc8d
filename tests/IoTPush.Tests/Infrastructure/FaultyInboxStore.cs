using IoTPush.Inbox;

namespace IoTPush.Tests.Infrastructure;

/// <summary>Wraps the real store; appends fail or hang while told to, to show what the receiver answers then.</summary>
public sealed class FaultyInboxStore(IInboxStore inner) : IInboxStore
{
    public volatile bool FailAppends;
    public volatile bool HangAppends;

    public async Task<IReadOnlyList<InboxWriteResult>> AppendAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        if (FailAppends)
        {
            throw new IOException("disk I/O error (simulated)");
        }

        while (HangAppends)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        return await inner.AppendAsync(entries, cancellationToken);
    }

    public Task<IReadOnlyList<InboxRecord>> LeaseDueAsync(int max, TimeSpan leaseFor, CancellationToken cancellationToken) =>
        inner.LeaseDueAsync(max, leaseFor, cancellationToken);

    public Task SaveOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, CancellationToken cancellationToken) =>
        inner.SaveOutcomesAsync(outcomes, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}

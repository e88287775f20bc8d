using IoTPush.Inbox;
using IoTPush.Service.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IoTPush.Tests.Infrastructure;

/// <summary>Wraps the real store; appends fail or hang while told to, to show what the receiver answers then.</summary>
public sealed class FaultyInboxStore(IInboxStore inner) : IInboxStore
{
    /// <summary>Wraps the store that the configured provider would use.</summary>
    public static FaultyInboxStore Wrapping(IServiceProvider provider) => new(
        provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? provider.GetRequiredService<PostgresInboxStore>()
            : provider.GetRequiredService<SqliteInboxStore>());

    public volatile bool FailAppends;
    public volatile bool HangAppends;
    public volatile bool HangSaves;
    public volatile bool FailRenewals;

    /// <summary>Pushes from this device, once stored, never have an outcome saved: as if handling them ended the process.</summary>
    public string? LoseOutcomesOfDevice { get; set; }

    private System.Collections.Concurrent.ConcurrentDictionary<string, bool> LostOutcomes { get; } = new();

    /// <summary>The first batch holding a push from this device fails; its device ids are kept in <see cref="FailedBatch"/>.</summary>
    public string? FailBatchWithDevice { get; set; }

    public IReadOnlyList<string?> FailedBatch { get; private set; } = [];

    /// <summary>Any batch holding a push from this device is refused for its content, as a database refuses a value.</summary>
    public string? RefuseDevice { get; set; }

    public async Task<IReadOnlyList<InboxWriteResult>> AppendAsync(IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        if (FailAppends)
        {
            throw new IOException("disk I/O error (simulated)");
        }

        if (RefuseDevice is { } refused && entries.Any(entry => entry.DeviceId == refused))
        {
            throw new InboxEntryRejectedException("invalid byte sequence (simulated)");
        }

        if (FailBatchWithDevice is { } device && entries.Any(entry => entry.DeviceId == device))
        {
            FailBatchWithDevice = null;
            FailedBatch = entries.Select(entry => entry.DeviceId).ToList();
            throw new IOException("disk I/O error in one batch (simulated)");
        }

        while (HangAppends)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        foreach (var entry in entries.Where(entry => entry.DeviceId is not null && entry.DeviceId == LoseOutcomesOfDevice))
        {
            LostOutcomes[entry.Id] = true;
        }

        return await inner.AppendAsync(entries, cancellationToken);
    }

    public Task<IReadOnlyList<InboxRecord>> LeaseDueAsync(int max, TimeSpan leaseFor, CancellationToken cancellationToken) =>
        inner.LeaseDueAsync(max, leaseFor, cancellationToken);

    public Task<int> RenewLeasesAsync(IReadOnlyList<string> ids, TimeSpan leaseFor, CancellationToken cancellationToken) =>
        FailRenewals ? Task.FromException<int>(new IOException("connection lost (simulated)")) : inner.RenewLeasesAsync(ids, leaseFor, cancellationToken);

    public async Task SaveOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, CancellationToken cancellationToken)
    {
        while (HangSaves)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        // As if the process had died handling these: no outcome of a handling is saved (a dead letter, decided
        // without handling, is).
        await inner.SaveOutcomesAsync(
            outcomes.Where(outcome => !LostOutcomes.ContainsKey(outcome.Id) || outcome.Status == InboxStatus.Failed).ToList(), cancellationToken);
    }

    public Task<long> CountPendingAsync(CancellationToken cancellationToken) => inner.CountPendingAsync(cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public Task ProbeWriteAsync(CancellationToken cancellationToken) =>
        FailAppends ? Task.FromException(new IOException("disk I/O error (simulated)")) : inner.ProbeWriteAsync(cancellationToken);
}

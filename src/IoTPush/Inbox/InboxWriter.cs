using System.Diagnostics;
using System.Threading.Channels;
using IoTPush.Dispatch;
using IoTPush.Observability;
using IoTPush.Receiving;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IoTPush.Inbox;

/// <summary>
/// Group commit: pushes that arrive together are stored in one transaction, and each caller returns only once
/// the transaction holding its entry has committed. One loop does all inbox appends. No push can fail another:
/// when the store refuses a batch for what an entry holds, the batch is split until the entries that caused it
/// are found; they alone are refused, and the others are stored.
/// </summary>
public sealed partial class InboxWriter(
    IInboxStore store,
    DispatchSignal dispatchSignal,
    DispatchHandoff handoff,
    PushMetrics metrics,
    IOptions<GroupCommitOptions> options,
    IOptions<ReceiverOptions> receiverOptions,
    TimeProvider time,
    ILogger<InboxWriter> logger) : BackgroundService
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool _lastCommitSucceeded = true;

    /// <summary>
    /// False while the latest commit failed because the store was unavailable (disk full, database down): readiness
    /// reports it, so that a load balancer stops sending pushes that would only be answered 503, and probes the store
    /// until it answers (<see cref="StoreAnswered"/>). A refused entry does not count: the store answered.
    /// </summary>
    public bool LastCommitSucceeded => _lastCommitSucceeded;

    /// <summary>The store took a write again outside a commit (readiness probed it): the instance is ready again.</summary>
    public void StoreAnswered() => _lastCommitSucceeded = true;

    /// <summary>
    /// Stores the entry durably. Throws <see cref="StoreUnavailableException"/> when the store could not, and
    /// <see cref="InboxEntryRejectedException"/> when it refused this entry. An entry whose caller has given up
    /// (<paramref name="cancellationToken"/>) before its commit starts is not committed.
    /// </summary>
    public async Task<InboxWriteResult> WriteAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(entry, cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new StoreUnavailableException("The inbox is shutting down.", exception);
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Refuse new writes, then let the loop commit what is queued before it ends.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var batch = new List<PendingWrite>(settings.MaxBatchSize);

        // Not stoppingToken: the loop ends when the queue is completed and drained, so nothing queued is dropped.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            Fill(batch, settings.MaxBatchSize);
            if (settings.MaxBatchDelay > TimeSpan.Zero && batch.Count < settings.MaxBatchSize)
            {
                await Task.Delay(settings.MaxBatchDelay, time, CancellationToken.None);
                Fill(batch, settings.MaxBatchSize);
            }

            // Callers that have given up (their push was answered 503 at its deadline) are not committed blind.
            batch.RemoveAll(pending => pending.CallerGaveUp && pending.Completion.TrySetCanceled(pending.CallerToken));
            if (batch.Count > 0)
            {
                await CommitAsync(batch);
            }

            batch.Clear();
        }
    }

    private void Fill(List<PendingWrite> batch, int maxBatchSize)
    {
        while (batch.Count < maxBatchSize && _queue.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        var (entries, reserved) = TakeForDispatch(batch);
        IReadOnlyList<InboxWriteResult> results;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // A commit may not outlast the time a push may wait for it.
            using var deadline = new CancellationTokenSource(receiverOptions.Value.StoreTimeout, time);
            results = await store.AppendAsync(entries, deadline.Token);
            metrics.Committed(entries.Count, Stopwatch.GetElapsedTime(started));
        }
        catch (InboxEntryRejectedException) when (batch.Count > 1)
        {
            handoff.Release(reserved);
            // Halve until the entries that caused it stand alone: a few bad pushes cost a few transactions each.
            var half = batch.Count / 2;
            await CommitAsync(batch[..half]);
            await CommitAsync(batch[half..]);
            return;
        }
        catch (InboxEntryRejectedException rejected)
        {
            handoff.Release(reserved);
            LogRejected(rejected, batch[0].Entry.NotifyType);
            batch[0].Completion.TrySetException(rejected);
            return;
        }
        catch (Exception exception)
        {
            handoff.Release(reserved);
            _lastCommitSucceeded = false;
            LogCommitFailed(exception, batch.Count);
            var unavailable = new StoreUnavailableException("The inbox could not commit.", exception);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(unavailable);
            }

            return;
        }

        _lastCommitSucceeded = true;
        var storedPending = false;
        var handed = new List<HandedPush>(reserved);
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = entries[i];
            if (!results[i].Duplicate)
            {
                if (entry.TakenFor is not null)
                {
                    handed.Add(HandedPush.Of(entry, entry.Notification!));
                }
                else
                {
                    storedPending |= entry.Status == InboxStatus.Pending;
                }
            }

            batch[i].Completion.TrySetResult(results[i]);
        }

        handoff.Hand(handed, reserved);
        if (storedPending)
        {
            dispatchSignal.Notify();
        }
    }

    /// <summary>
    /// The entries to append: as many of the typed pending ones as the dispatcher has room for are marked taken,
    /// to be handed to it once committed (<see cref="DispatchHandoff"/>).
    /// </summary>
    private (List<InboxEntry> Entries, int Reserved) TakeForDispatch(List<PendingWrite> batch)
    {
        var entries = batch.ConvertAll(pending => pending.Entry);
        var reserved = handoff.Reserve(entries.Count(CanBeHanded));
        for (int i = 0, marked = 0; i < entries.Count && marked < reserved; i++)
        {
            if (CanBeHanded(entries[i]))
            {
                entries[i] = entries[i] with { TakenFor = handoff.LeaseFor };
                marked++;
            }
        }

        return (entries, reserved);
    }

    private static bool CanBeHanded(InboxEntry entry) => entry.Notification is not null && entry.Status == InboxStatus.Pending;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Inbox commit of {BatchSize} pushes failed; they are answered 503")]
    private partial void LogCommitFailed(Exception exception, int batchSize);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "The store refused a {NotifyType} push; it alone is answered 400")]
    private partial void LogRejected(Exception exception, string notifyType);

    private sealed class PendingWrite(InboxEntry entry, CancellationToken callerToken)
    {
        public InboxEntry Entry { get; } = entry;

        public CancellationToken CallerToken { get; } = callerToken;

        public bool CallerGaveUp => CallerToken.IsCancellationRequested;

        // Asynchronous continuations: the commit loop must not run the callers' request code.
        public TaskCompletionSource<InboxWriteResult> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

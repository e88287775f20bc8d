using System.Threading.Channels;
using IoTPush.Dispatch;
using IoTPush.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IoTPush.Inbox;

/// <summary>
/// Group commit: pushes that arrive together are stored in one transaction, and each caller returns
/// only once the transaction holding its entry has committed. One loop does all inbox appends.
/// </summary>
public sealed partial class InboxWriter(
    IInboxStore store,
    DispatchSignal dispatchSignal,
    PushMetrics metrics,
    IOptions<GroupCommitOptions> options,
    ILogger<InboxWriter> logger) : BackgroundService
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>
    /// False while the latest commit failed (disk full, store down): the readiness check reports it, so that
    /// a load balancer stops sending pushes that would only be answered 503. The next good commit clears it.
    /// </summary>
    public bool LastCommitSucceeded { get; private set; } = true;

    /// <summary>Stores the entry durably; throws <see cref="StoreUnavailableException"/> when it could not.</summary>
    public async Task<InboxWriteResult> WriteAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(entry);
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
        var entries = new List<InboxEntry>(settings.MaxBatchSize);

        // Not stoppingToken: the loop ends when the queue is completed and drained, so nothing queued is dropped.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            Fill(batch, settings.MaxBatchSize);
            if (settings.MaxBatchDelay > TimeSpan.Zero && batch.Count < settings.MaxBatchSize)
            {
                await Task.Delay(settings.MaxBatchDelay, CancellationToken.None);
                Fill(batch, settings.MaxBatchSize);
            }

            entries.Clear();
            foreach (var pending in batch)
            {
                entries.Add(pending.Entry);
            }

            await CommitAsync(batch, entries);
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

    private async Task CommitAsync(List<PendingWrite> batch, List<InboxEntry> entries)
    {
        IReadOnlyList<InboxWriteResult> results;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            results = await store.AppendAsync(entries, CancellationToken.None);
            metrics.Committed(entries.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception)
        {
            LastCommitSucceeded = false;
            LogCommitFailed(exception, batch.Count);
            var unavailable = new StoreUnavailableException("The inbox could not commit.", exception);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(unavailable);
            }

            return;
        }

        LastCommitSucceeded = true;
        var stored = false;
        for (var i = 0; i < batch.Count; i++)
        {
            stored |= !results[i].Duplicate;
            batch[i].Completion.TrySetResult(results[i]);
        }

        if (stored)
        {
            dispatchSignal.Notify();
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Inbox commit of {BatchSize} pushes failed; they are answered 503")]
    private partial void LogCommitFailed(Exception exception, int batchSize);

    private sealed class PendingWrite(InboxEntry entry)
    {
        public InboxEntry Entry { get; } = entry;

        // Asynchronous continuations: the commit loop must not run the callers' request code.
        public TaskCompletionSource<InboxWriteResult> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

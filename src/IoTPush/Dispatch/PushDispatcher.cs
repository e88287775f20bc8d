using System.Diagnostics;
using IoTPush.Inbox;
using IoTPush.Notifications;
using IoTPush.Observability;
using IoTPush.Receiving;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IoTPush.Dispatch;

/// <summary>
/// Takes pending inbox records in order of receipt, in leased batches, and hands each batch to every registered
/// <see cref="PushMessageReceiver"/>: the pushes this instance has just stored come in memory
/// (<see cref="DispatchHandoff"/>), the rest (retries, a backlog, what another instance left) from the store. Each take
/// counts as an attempt; each call into a receiver is bounded by
/// <see cref="DispatchOptions.HandlerTimeout"/>; while handlers run the batch's leases are renewed. A record that a
/// receiver failed is retried after a jittered backoff (by every receiver: handlers are idempotent); after
/// <see cref="DispatchOptions.MaxAttempts"/> it is dead-lettered as <c>failed</c>.
/// </summary>
public sealed partial class PushDispatcher(
    IInboxStore store,
    IEnumerable<PushMessageReceiver> receivers,
    NotificationReader reader,
    DispatchSignal signal,
    DispatchHandoff handoff,
    PushMetrics metrics,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<PushDispatcher> logger) : BackgroundService
{
    private const int MaxErrorLength = 2000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> BatchReceivers = new();
    private readonly PushMessageReceiver[] _receivers = receivers.ToArray();
    private DateTimeOffset _backlogCountedAt = DateTimeOffset.MinValue;

    // Time of the last sign of progress in the round under way; MinValue between rounds.
    private long _progressTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>True while the dispatch loop runs; read by the readiness check.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Whether this instance dispatches at all (<see cref="DispatchOptions.Enabled"/>).</summary>
    public bool IsEnabled => options.Value.Enabled;

    /// <summary>
    /// A round has shown no progress for twice <see cref="DispatchOptions.HandlerTimeout"/>: every call into a receiver
    /// ends within that, so something (a store that stopped answering) holds dispatch. Readiness reports it.
    /// </summary>
    public bool IsStalled
    {
        get
        {
            var progress = Interlocked.Read(ref _progressTicks);
            return progress != DateTimeOffset.MinValue.UtcTicks
                && time.GetUtcNow().UtcTicks - progress > (options.Value.HandlerTimeout * 2).Ticks;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        IsRunning = true;
        var lastPoll = DateTimeOffset.MinValue;
        var lastQueueRenewal = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CountBacklogAsync(stoppingToken);
                    // Pushes waiting in the handoff keep their leases between batches too (a batch's renewal covers
                    // them while it runs), however long they wait behind slow handlers.
                    if (time.GetUtcNow() - lastQueueRenewal >= settings.LeaseDuration / 3)
                    {
                        lastQueueRenewal = time.GetUtcNow();
                        await RenewQueuedLeasesAsync(settings, stoppingToken);
                    }

                    var handed = handoff.Take(settings.BatchSize);
                    if (handed.Count > 0)
                    {
                        await DispatchAsync(handed.ConvertAll(push => new Taken(push.Record, push.Notification, null)), settings, stoppingToken);
                    }

                    // The store too, when nothing was handed, and at least every poll interval: retries fall due there.
                    var dispatched = handed.Count;
                    if (handed.Count == 0 || time.GetUtcNow() - lastPoll >= settings.PollInterval)
                    {
                        lastPoll = time.GetUtcNow();
                        var polled = await PollAsync(settings, stoppingToken);
                        // Handing new pushes over in memory while older ones wait in the store would overtake them.
                        handoff.Accept(polled < settings.BatchSize);
                        dispatched += polled;
                    }

                    // Between rounds nothing is under way that could stall.
                    Interlocked.Exchange(ref _progressTicks, DateTimeOffset.MinValue.UtcTicks);
                    if (dispatched == 0)
                    {
                        await signal.WaitAsync(settings.PollInterval, stoppingToken);
                    }
                    else if (dispatched < settings.BatchSize)
                    {
                        await Task.Delay(settings.BatchDelay, time, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    // The store is down or failed: keep the loop alive and try again after a pause.
                    handoff.Accept(false);
                    LogRoundFailed(exception);
                    try
                    {
                        await Task.Delay(settings.PollInterval, time, stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
                finally
                {
                    Interlocked.Exchange(ref _progressTicks, DateTimeOffset.MinValue.UtcTicks);
                }
            }
        }
        finally
        {
            IsRunning = false;
            handoff.Accept(false);
            await ReleaseHandedAsync();
        }
    }

    private async Task RenewQueuedLeasesAsync(DispatchOptions settings, CancellationToken stoppingToken)
    {
        if (handoff.QueuedIds() is { Count: > 0 } queued)
        {
            await store.RenewLeasesAsync(queued, settings.LeaseDuration, stoppingToken);
        }
    }

    /// <summary>Handed pushes not yet dispatched go back to the store as due, their take not counted (on shutdown).</summary>
    private async Task ReleaseHandedAsync()
    {
        // Commits that reserved room before the handoff closed end within moments: wait (a little) for their pushes,
        // so that none stays behind in memory, leased in the store until a restart or the lease's end.
        for (var waited = 0; waited < 100 && handoff.CommitsUnderWay; waited++)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        var left = handoff.Take(int.MaxValue);
        if (left.Count == 0)
        {
            return;
        }

        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            await store.SaveOutcomesAsync(left.ConvertAll(push => Released(push.Record)), deadline.Token);
        }
        catch (Exception exception)
        {
            // Their leases end by themselves; the store gives them out again then.
            LogReleaseFailed(exception, left.Count);
        }
    }

    /// <summary>Refreshes the backlog gauge, at most once a second.</summary>
    private async Task CountBacklogAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (now - _backlogCountedAt >= TimeSpan.FromSeconds(1))
        {
            _backlogCountedAt = now;
            metrics.Backlog(await store.CountPendingAsync(stoppingToken));
        }
    }

    /// <summary>Leases one batch from the store, dispatches it, saves the outcomes; returns how many records it leased.</summary>
    private async Task<int> PollAsync(DispatchOptions settings, CancellationToken stoppingToken)
    {
        var records = await store.LeaseDueAsync(settings.BatchSize, settings.LeaseDuration, stoppingToken);
        if (records.Count > 0)
        {
            await DispatchAsync(records.Select(Read).ToList(), settings, stoppingToken);
        }

        return records.Count;
    }

    /// <summary>A record taken from the store, with its body read back into its notification (null outside the family).</summary>
    private Taken Read(InboxRecord record)
    {
        try
        {
            return new Taken(record, reader.ReadStored(record.NotifyType, record.Body), null);
        }
        catch (InvalidDataException exception)
        {
            // The stored body cannot be read back: retrying cannot help.
            return new Taken(record, null, exception);
        }
    }

    /// <summary>Dispatches taken records to every receiver and saves their outcomes.</summary>
    private async Task DispatchAsync(List<Taken> batch, DispatchOptions settings, CancellationToken stoppingToken)
    {
        MarkProgress();
        using var batchSpan = PushTracing.Source.StartActivity("iotpush.dispatch.batch");
        var records = batch.ConvertAll(taken => taken.Record);
        var spans = records.Select(record => StartSpan(record, batchSpan)).ToArray();
        var outcomes = new DispatchOutcome?[records.Count];
        var pushes = new List<ReceivedPush>(records.Count);
        var positions = new List<int>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var (record, notification, unreadable) = batch[i];
            if (record.Attempts > settings.MaxAttempts)
            {
                // Taken that many times without an outcome: its handling ends the process (a crash, a kill).
                outcomes[i] = DeadLetter(record, record.Attempts - 1,
                    new InvalidOperationException($"Taken {record.Attempts - 1} times without an outcome: its handling may end the process."));
            }
            else if (unreadable is not null)
            {
                outcomes[i] = DeadLetter(record, record.Attempts, unreadable);
            }
            else if (notification is null)
            {
                outcomes[i] = Processed(record);
            }
            else
            {
                pushes.Add(new ReceivedPush(notification, new PushContext(record.Id, record.ReceivedAt, record.Attempts, stoppingToken)));
                positions.Add(i);
            }
        }

        Exception?[] failures;
        // The leases of the batch, and of the pushes handed over meanwhile, which wait for the next one.
        var ids = pushes.ConvertAll(push => push.Context.Id);
        await using (new LeaseRenewal(store, () => [.. ids, .. handoff.QueuedIds()], settings, time, logger))
        {
            failures = await ReceiveAsync(pushes, settings, stoppingToken);
        }

        for (var j = 0; j < pushes.Count; j++)
        {
            var record = records[positions[j]];
            outcomes[positions[j]] = failures[j] switch
            {
                null => Processed(record),
                OperationCanceledException when stoppingToken.IsCancellationRequested => Released(record),
                var failure => Failed(record, failure, settings),
            };
        }

        await store.SaveOutcomesAsync(outcomes!, CancellationToken.None);
        MarkProgress();
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i]?.SetTag(PushTracing.Outcome, outcomes[i]!.Status).Dispose();
        }
    }

    /// <summary>A record to dispatch: its notification, or why its body could not be read back.</summary>
    private readonly record struct Taken(InboxRecord Record, Notification? Notification, Exception? Unreadable);

    /// <summary>Every receiver gets the batch; a record fails when any receiver failed it, with the first failure.</summary>
    private async Task<Exception?[]> ReceiveAsync(List<ReceivedPush> pushes, DispatchOptions settings, CancellationToken stoppingToken)
    {
        var failures = new Exception?[pushes.Count];
        if (pushes.Count == 0)
        {
            return failures;
        }

        foreach (var receiver in _receivers)
        {
            var results = TakesBatches(receiver)
                ? await ReceiveBatchAsync(receiver, pushes, settings, stoppingToken)
                : await ReceiveEachAsync(receiver, pushes, settings, stoppingToken);
            for (var i = 0; i < failures.Length; i++)
            {
                failures[i] ??= results[i];
            }
        }

        return failures;
    }

    /// <summary>
    /// A receiver that overrides <see cref="PushMessageReceiver.ReceiveBatchAsync"/> gets the batch in one call. When
    /// that call throws as a whole, each push is sent again on its own, so that one poison push fails alone.
    /// </summary>
    private async Task<Exception?[]> ReceiveBatchAsync(
        PushMessageReceiver receiver, List<ReceivedPush> pushes, DispatchOptions settings, CancellationToken stoppingToken)
    {
        var (results, thrown) = await CallAsync(receiver, pushes, token => receiver.ReceiveBatchAsync(WithToken(pushes, token)), settings, stoppingToken);
        if (thrown is null || pushes.Count == 1)
        {
            return results ?? [thrown];
        }

        var alone = new Exception?[pushes.Count];
        for (var i = 0; i < pushes.Count; i++)
        {
            List<ReceivedPush> one = [pushes[i]];
            var (result, error) = await CallAsync(receiver, one, token => receiver.ReceiveBatchAsync(WithToken(one, token)), settings, stoppingToken);
            alone[i] = result?[0] ?? error;
        }

        return alone;
    }

    /// <summary>Any other receiver gets each push on its own, each call bounded by the handler timeout.</summary>
    private async Task<Exception?[]> ReceiveEachAsync(
        PushMessageReceiver receiver, List<ReceivedPush> pushes, DispatchOptions settings, CancellationToken stoppingToken)
    {
        var results = new Exception?[pushes.Count];
        for (var i = 0; i < pushes.Count; i++)
        {
            var push = pushes[i];
            var (result, thrown) = await CallAsync(receiver, [push], async token =>
            {
                await receiver.ReceiveAsync(push.Notification, push.Context with { CancellationToken = token });
                return (IReadOnlyList<Exception?>)[null];
            }, settings, stoppingToken);
            results[i] = result?[0] ?? thrown;
        }

        return results;
    }

    /// <summary>
    /// One call into a receiver, bounded by <see cref="DispatchOptions.HandlerTimeout"/>: the token it is given is
    /// cancelled then, and a call that does not return soon after is abandoned as a failure of every push it held.
    /// Answers each push's failure or null, or else the exception the call threw as a whole.
    /// </summary>
    private async Task<(Exception?[]? Results, Exception? Thrown)> CallAsync(
        PushMessageReceiver receiver, List<ReceivedPush> pushes, Func<CancellationToken, Task<IReadOnlyList<Exception?>>> start,
        DispatchOptions settings, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(settings.HandlerTimeout, time);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
        Task<IReadOnlyList<Exception?>> call;
        try
        {
            call = start(token.Token);
        }
        catch (Exception exception)
        {
            call = Task.FromException<IReadOnlyList<Exception?>>(exception);
        }

        try
        {
            // A little grace after the token fires, for a handler that stops when told to.
            var results = await call.WaitAsync(settings.HandlerTimeout + Grace(settings), time, stoppingToken);
            if (results.Count != pushes.Count)
            {
                var wrong = new InvalidOperationException($"{receiver.GetType().Name} answered {results.Count} results for {pushes.Count} pushes.");
                return (Enumerable.Repeat<Exception?>(wrong, pushes.Count).ToArray(), null);
            }

            return (results.Select(result => timeout.IsCancellationRequested && result is OperationCanceledException
                ? TimedOut(receiver, settings) : result).ToArray(), null);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            // The call ignored its token: it is left to end on its own, and its pushes count as failed.
            _ = call.ContinueWith(abandoned => abandoned.Exception, TaskScheduler.Default);
            return (Enumerable.Repeat<Exception?>(TimedOut(receiver, settings), pushes.Count).ToArray(), null);
        }
        catch (OperationCanceledException exception) when (stoppingToken.IsCancellationRequested || timeout.IsCancellationRequested)
        {
            Exception failure = stoppingToken.IsCancellationRequested ? exception : TimedOut(receiver, settings);
            return (Enumerable.Repeat<Exception?>(failure, pushes.Count).ToArray(), null);
        }
        catch (Exception exception)
        {
            return (null, exception);
        }
        finally
        {
            MarkProgress();
        }
    }

    private static List<ReceivedPush> WithToken(List<ReceivedPush> pushes, CancellationToken token) =>
        pushes.ConvertAll(push => push with { Context = push.Context with { CancellationToken = token } });

    // Whether the receiver handles batches itself (the service's upgrade tracker does: one transaction a batch).
    private static bool TakesBatches(PushMessageReceiver receiver) =>
        BatchReceivers.GetOrAdd(receiver.GetType(), type =>
            type.GetMethod(nameof(PushMessageReceiver.ReceiveBatchAsync))!.DeclaringType != typeof(PushMessageReceiver));

    private static TimeSpan Grace(DispatchOptions settings) =>
        TimeSpan.FromTicks(Math.Min(settings.HandlerTimeout.Ticks / 10, TimeSpan.FromSeconds(5).Ticks));

    private static TimeoutException TimedOut(PushMessageReceiver receiver, DispatchOptions settings) =>
        new($"{receiver.GetType().Name} did not finish within Dispatch:HandlerTimeout ({settings.HandlerTimeout}).");

    private void MarkProgress() => Interlocked.Exchange(ref _progressTicks, time.GetUtcNow().UtcTicks);

    /// <summary>A span for one record's dispatch, beside its siblings under the batch's span.</summary>
    private static Activity? StartSpan(InboxRecord record, Activity? batchSpan)
    {
        var span = PushTracing.Source.StartActivity("iotpush.dispatch", ActivityKind.Consumer);
        if (span is not null)
        {
            span.SetTag(PushTracing.InboxId, record.Id).SetTag(PushTracing.NotifyType, record.NotifyType)
                .SetTag(PushTracing.Attempt, record.Attempts);
            Activity.Current = batchSpan;
        }

        return span;
    }

    // The last error stays after a success: it tells an operator that this record needed retries.
    private DispatchOutcome Processed(InboxRecord record)
    {
        metrics.Handled(time.GetUtcNow() - record.ReceivedAt);
        return new(record.Id, InboxStatus.Processed, record.Attempts, record.LastError, null);
    }

    /// <summary>Back to pending, its take not counted, to be taken again at once by whoever comes next (on shutdown).</summary>
    private static DispatchOutcome Released(InboxRecord record) =>
        new(record.Id, InboxStatus.Pending, record.Attempts - 1, record.LastError, null);

    private DispatchOutcome Failed(InboxRecord record, Exception failure, DispatchOptions settings)
    {
        if (record.Attempts >= settings.MaxAttempts)
        {
            return DeadLetter(record, record.Attempts, failure);
        }

        var retryAfter = settings.BackoffAfter(record.Attempts);
        LogRetrying(failure, record.Id, record.NotifyType, record.Attempts, retryAfter);
        return new DispatchOutcome(record.Id, InboxStatus.Pending, record.Attempts, Describe(failure), retryAfter);
    }

    private DispatchOutcome DeadLetter(InboxRecord record, int attempts, Exception failure)
    {
        LogDeadLettered(failure, record.Id, record.NotifyType, attempts);
        metrics.DeadLettered(record.NotifyType);
        return new DispatchOutcome(record.Id, InboxStatus.Failed, attempts, Describe(failure), null);
    }

    private static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Handling push {InboxId} ({NotifyType}) failed on attempt {Attempt}; retrying in {RetryAfter}")]
    private partial void LogRetrying(Exception exception, string inboxId, string notifyType, int attempt, TimeSpan retryAfter);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error,
        Message = "Push {InboxId} ({NotifyType}) failed {Attempt} times and is dead-lettered as failed")]
    private partial void LogDeadLettered(Exception exception, string inboxId, string notifyType, int attempt);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "A dispatch round failed; trying again")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning,
        Message = "{Count} pushes handed to the dispatcher could not be given back to the store at shutdown; their leases end by themselves")]
    private partial void LogReleaseFailed(Exception exception, int count);
}

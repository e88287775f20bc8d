using System.Diagnostics;
using IoTPush.Inbox;
using IoTPush.Observability;
using IoTPush.Receiving;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IoTPush.Dispatch;

/// <summary>
/// Takes pending inbox records in order of receipt, in leased batches, and hands each batch to every
/// registered <see cref="PushMessageReceiver"/>. A record that a receiver failed is retried after backoff
/// (by every receiver: handlers are idempotent); after <see cref="DispatchOptions.MaxAttempts"/> it is
/// dead-lettered as <c>failed</c>.
/// </summary>
public sealed partial class PushDispatcher(
    IInboxStore store,
    IEnumerable<PushMessageReceiver> receivers,
    NotificationReader reader,
    DispatchSignal signal,
    PushMetrics metrics,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<PushDispatcher> logger) : BackgroundService
{
    private const int MaxErrorLength = 2000;
    private readonly PushMessageReceiver[] _receivers = receivers.ToArray();
    private DateTimeOffset _backlogCountedAt = DateTimeOffset.MinValue;

    /// <summary>True while the dispatch loop runs; read by the readiness check.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Whether this instance dispatches at all (<see cref="DispatchOptions.Enabled"/>).</summary>
    public bool IsEnabled => options.Value.Enabled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        IsRunning = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CountBacklogAsync(stoppingToken);
                    var dispatched = await DispatchBatchAsync(settings, stoppingToken);
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
            }
        }
        finally
        {
            IsRunning = false;
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

    /// <summary>Leases one batch, dispatches it, saves the outcomes; returns how many records it leased.</summary>
    private async Task<int> DispatchBatchAsync(DispatchOptions settings, CancellationToken stoppingToken)
    {
        var records = await store.LeaseDueAsync(settings.BatchSize, settings.LeaseDuration, stoppingToken);
        if (records.Count == 0)
        {
            return 0;
        }

        using var batchSpan = PushTracing.Source.StartActivity("iotpush.dispatch.batch");
        var spans = records.Select(record => StartSpan(record, batchSpan)).ToArray();
        var outcomes = new DispatchOutcome?[records.Count];
        var pushes = new List<ReceivedPush>(records.Count);
        var positions = new List<int>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var attempt = record.Attempts + 1;
            try
            {
                if (reader.ReadStored(record.NotifyType, record.Body) is { } notification)
                {
                    pushes.Add(new ReceivedPush(notification, new PushContext(record.Id, record.ReceivedAt, attempt, stoppingToken)));
                    positions.Add(i);
                }
                else
                {
                    outcomes[i] = Processed(record, attempt);
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or System.Text.Json.JsonException)
            {
                // The stored body cannot be read back: retrying cannot help.
                outcomes[i] = DeadLetter(record, attempt, exception);
            }
        }

        var failures = await ReceiveAsync(pushes);
        for (var j = 0; j < pushes.Count; j++)
        {
            var record = records[positions[j]];
            outcomes[positions[j]] = failures[j] switch
            {
                null => Processed(record, pushes[j].Context.Attempt),
                OperationCanceledException when stoppingToken.IsCancellationRequested => Released(record),
                var failure => Failed(record, pushes[j].Context.Attempt, failure, settings),
            };
        }

        await store.SaveOutcomesAsync(outcomes!, CancellationToken.None);
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i]?.SetTag(PushTracing.Outcome, outcomes[i]!.Status).Dispose();
        }

        return records.Count;
    }

    /// <summary>A span for one record's dispatch, beside its siblings under the batch's span.</summary>
    private static Activity? StartSpan(InboxRecord record, Activity? batchSpan)
    {
        var span = PushTracing.Source.StartActivity("iotpush.dispatch", ActivityKind.Consumer);
        if (span is not null)
        {
            span.SetTag(PushTracing.InboxId, record.Id).SetTag(PushTracing.NotifyType, record.NotifyType)
                .SetTag(PushTracing.Attempt, record.Attempts + 1);
            Activity.Current = batchSpan;
        }

        return span;
    }

    /// <summary>Every receiver gets the batch; a record fails when any receiver failed it, with the first failure.</summary>
    private async Task<Exception?[]> ReceiveAsync(List<ReceivedPush> pushes)
    {
        var failures = new Exception?[pushes.Count];
        foreach (var receiver in _receivers)
        {
            IReadOnlyList<Exception?> results;
            try
            {
                results = await receiver.ReceiveBatchAsync(pushes);
            }
            catch (Exception exception)
            {
                results = Enumerable.Repeat<Exception?>(exception, pushes.Count).ToArray();
            }

            for (var i = 0; i < failures.Length; i++)
            {
                failures[i] ??= results[i];
            }
        }

        return failures;
    }

    // The last error stays after a success: it tells an operator that this record needed retries.
    private DispatchOutcome Processed(InboxRecord record, int attempt)
    {
        var now = time.GetUtcNow();
        metrics.Handled(now - record.ReceivedAt);
        return new(record.Id, InboxStatus.Processed, attempt, record.LastError, now, null);
    }

    /// <summary>Back to pending untouched, to be taken again at once by whoever comes next (on shutdown).</summary>
    private static DispatchOutcome Released(InboxRecord record) =>
        new(record.Id, InboxStatus.Pending, record.Attempts, record.LastError, null, null);

    private DispatchOutcome Failed(InboxRecord record, int attempt, Exception failure, DispatchOptions settings)
    {
        if (attempt >= settings.MaxAttempts)
        {
            return DeadLetter(record, attempt, failure);
        }

        var retryAt = time.GetUtcNow() + settings.BackoffAfter(attempt);
        LogRetrying(failure, record.Id, record.NotifyType, attempt, retryAt);
        return new DispatchOutcome(record.Id, InboxStatus.Pending, attempt, Describe(failure), null, retryAt);
    }

    private DispatchOutcome DeadLetter(InboxRecord record, int attempt, Exception failure)
    {
        LogDeadLettered(failure, record.Id, record.NotifyType, attempt);
        metrics.DeadLettered(record.NotifyType);
        return new DispatchOutcome(record.Id, InboxStatus.Failed, attempt, Describe(failure), null, null);
    }

    private static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().Name}: {exception.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Handling push {InboxId} ({NotifyType}) failed on attempt {Attempt}; retrying at {RetryAt:o}")]
    private partial void LogRetrying(Exception exception, string inboxId, string notifyType, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error,
        Message = "Push {InboxId} ({NotifyType}) failed {Attempt} times and is dead-lettered as failed")]
    private partial void LogDeadLettered(Exception exception, string inboxId, string notifyType, int attempt);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "A dispatch round failed; trying again")]
    private partial void LogRoundFailed(Exception exception);
}

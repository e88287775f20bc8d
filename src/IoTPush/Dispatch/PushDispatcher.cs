using IoTPush.Inbox;
using IoTPush.Receiving;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IoTPush.Dispatch;

/// <summary>
/// Takes pending inbox records in order of receipt, in leased batches, and hands each to every
/// registered <see cref="PushMessageReceiver"/>. A throwing receiver means a retry after backoff;
/// after <see cref="DispatchOptions.MaxAttempts"/> the record is dead-lettered as <c>failed</c>.
/// </summary>
public sealed partial class PushDispatcher(
    IInboxStore store,
    IEnumerable<PushMessageReceiver> receivers,
    NotificationReader reader,
    DispatchSignal signal,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<PushDispatcher> logger) : BackgroundService
{
    private const int MaxErrorLength = 2000;
    private readonly PushMessageReceiver[] _receivers = receivers.ToArray();

    /// <summary>True while the dispatch loop runs; read by the readiness check.</summary>
    public bool IsRunning { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        IsRunning = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await DispatchBatchAsync(settings, stoppingToken) == 0)
                    {
                        await signal.WaitAsync(settings.PollInterval, stoppingToken);
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

    /// <summary>Leases one batch, dispatches it, saves the outcomes; returns how many records it leased.</summary>
    private async Task<int> DispatchBatchAsync(DispatchOptions settings, CancellationToken stoppingToken)
    {
        var records = await store.LeaseDueAsync(settings.BatchSize, settings.LeaseDuration, stoppingToken);
        var outcomes = new List<DispatchOutcome>(records.Count);
        foreach (var record in records)
        {
            // On shutdown the rest are released untouched, to be taken again at once by whoever comes next.
            outcomes.Add(stoppingToken.IsCancellationRequested
                ? Released(record)
                : await DispatchOneAsync(record, settings, stoppingToken));
        }

        if (outcomes.Count > 0)
        {
            await store.SaveOutcomesAsync(outcomes, CancellationToken.None);
        }

        return records.Count;
    }

    private async Task<DispatchOutcome> DispatchOneAsync(InboxRecord record, DispatchOptions settings, CancellationToken stoppingToken)
    {
        var attempt = record.Attempts + 1;
        try
        {
            var notification = reader.ReadStored(record.Body);
            if (notification is not null)
            {
                var context = new PushContext(record.Id, record.ReceivedAt, attempt, stoppingToken);
                foreach (var receiver in _receivers)
                {
                    await receiver.ReceiveAsync(notification, context);
                }
            }

            // The last error stays: it tells an operator that this record needed retries.
            return new DispatchOutcome(record.Id, InboxStatus.Processed, attempt, record.LastError, time.GetUtcNow(), null);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return Released(record);
        }
        catch (InvalidDataException exception)
        {
            // The stored body cannot be read back: retrying cannot help.
            LogDeadLettered(exception, record.Id, record.NotifyType, attempt);
            return new DispatchOutcome(record.Id, InboxStatus.Failed, attempt, Describe(exception), null, null);
        }
        catch (Exception exception)
        {
            if (attempt >= settings.MaxAttempts)
            {
                LogDeadLettered(exception, record.Id, record.NotifyType, attempt);
                return new DispatchOutcome(record.Id, InboxStatus.Failed, attempt, Describe(exception), null, null);
            }

            var retryAt = time.GetUtcNow() + settings.BackoffAfter(attempt);
            LogRetrying(exception, record.Id, record.NotifyType, attempt, retryAt);
            return new DispatchOutcome(record.Id, InboxStatus.Pending, attempt, Describe(exception), null, retryAt);
        }
    }

    private static DispatchOutcome Released(InboxRecord record) =>
        new(record.Id, InboxStatus.Pending, record.Attempts, record.LastError, null, null);

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

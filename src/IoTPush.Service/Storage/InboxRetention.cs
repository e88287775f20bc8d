using IoTPush.Observability;
using Microsoft.Extensions.Options;

namespace IoTPush.Service.Storage;

/// <summary>
/// Deletes processed and unhandled records older than <see cref="StorageOptions.Retention"/>, with their
/// upgrade-applied marks, every <see cref="StorageOptions.PurgeInterval"/>: in small batches, each its own short
/// transaction (SQLite's through its one writer), so that pushes are never held up for long. Failed records stay
/// until they are replayed; tracker rows stay.
/// </summary>
public sealed partial class InboxRetention(
    InboxStore store, PushMetrics metrics, IOptions<StorageOptions> options, TimeProvider time, ILogger<InboxRetention> logger)
    : BackgroundService
{
    public const int BatchSize = 500;

    /// <summary>Deletes every record past the retention as of now (none when it is zero); answers how many.</summary>
    public async Task<long> PurgeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Retention == TimeSpan.Zero)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow() - options.Value.Retention;
        long total = 0;
        int deleted;
        do
        {
            deleted = await store.PurgeAsync(cutoff, BatchSize, cancellationToken);
            total += deleted;
            metrics.Purged(deleted);
        }
        while (deleted == BatchSize);

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Retention == TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await PurgeAsync(stoppingToken) is > 0 and var purged)
                {
                    LogPurged(purged, settings.Retention);
                }

                await Task.Delay(settings.PurgeInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The store is away: the next interval tries again.
                LogPurgeFailed(exception);
                await Task.Delay(settings.PurgeInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Deleted {Purged} records older than {Retention} (Storage:Retention)")]
    private partial void LogPurged(long purged, TimeSpan retention);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Deleting records past Storage:Retention failed; trying again at the next interval")]
    private partial void LogPurgeFailed(Exception exception);
}

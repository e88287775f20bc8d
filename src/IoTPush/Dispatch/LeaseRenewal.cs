using IoTPush.Inbox;
using Microsoft.Extensions.Logging;

namespace IoTPush.Dispatch;

/// <summary>
/// Keeps leases while a batch's handlers run: every third of <see cref="DispatchOptions.LeaseDuration"/> those of the
/// records that <c>ids</c> names at that moment are extended, so that slow handlers do not lose their records
/// to another instance. Disposing it stops.
/// </summary>
internal sealed partial class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public LeaseRenewal(IInboxStore store, Func<IReadOnlyList<string>> ids, DispatchOptions settings, TimeProvider time, ILogger logger) =>
        _renewing = RenewAsync(store, ids, settings, time, logger, _stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }

    private static async Task RenewAsync(
        IInboxStore store, Func<IReadOnlyList<string>> held, DispatchOptions settings, TimeProvider time, ILogger logger, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(settings.LeaseDuration / 3, time, stop);
                var ids = held();
                if (ids.Count == 0)
                {
                    continue;
                }

                try
                {
                    var renewed = await store.RenewLeasesAsync(ids, settings.LeaseDuration, stop);
                    if (renewed < ids.Count)
                    {
                        LogLeasesLost(logger, ids.Count - renewed, ids.Count);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The store may be back before the lease runs out; the outcomes are saved only where it is still held.
                    LogRenewalFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The handlers are done.
        }
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "{Lost} of {Count} leases were lost while their handlers ran; another instance took those records over")]
    private static partial void LogLeasesLost(ILogger logger, int lost, int count);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Renewing the leases of a dispatch batch failed")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);
}

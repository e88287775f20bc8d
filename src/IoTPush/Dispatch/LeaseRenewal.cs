using IoTPush.Inbox;
using Microsoft.Extensions.Logging;

namespace IoTPush.Dispatch;

/// <summary>
/// Keeps a batch's leases while its handlers run: every third of <see cref="DispatchOptions.LeaseDuration"/> they
/// are extended, so that slow handlers do not lose their records to another instance. Disposing it stops.
/// </summary>
internal sealed partial class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    public LeaseRenewal(IInboxStore store, IReadOnlyList<string> ids, DispatchOptions settings, TimeProvider time, ILogger logger) =>
        _renewing = ids.Count == 0 ? Task.CompletedTask : RenewAsync(store, ids, settings, time, logger, _stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }

    private static async Task RenewAsync(
        IInboxStore store, IReadOnlyList<string> ids, DispatchOptions settings, TimeProvider time, ILogger logger, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(settings.LeaseDuration / 3, time, stop);
                try
                {
                    var held = await store.RenewLeasesAsync(ids, settings.LeaseDuration, stop);
                    if (held < ids.Count)
                    {
                        LogLeasesLost(logger, ids.Count - held, ids.Count);
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

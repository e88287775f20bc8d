using IoTPush.Dispatch;
using IoTPush.Inbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IoTPush.Service.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the store answers, the dispatcher runs).</summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddServiceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<DispatcherHealthCheck>("dispatcher", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapServiceHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        // The default writer answers only Healthy/Unhealthy: nothing else is revealed without a key.
        endpoints.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }

    /// <summary>
    /// Ready while the store answers. After a failed commit it is probed with a write at each check: a load balancer
    /// that stopped sending pushes would otherwise never see the instance come back.
    /// </summary>
    private sealed class StoreHealthCheck(IInboxStore store, InboxWriter writer) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                await store.PingAsync(timeout.Token);
                if (!writer.LastCommitSucceeded)
                {
                    await store.ProbeWriteAsync(timeout.Token);
                    writer.StoreAnswered();
                }

                return HealthCheckResult.Healthy();
            }
            catch (Exception exception)
            {
                return HealthCheckResult.Unhealthy("The store does not answer.", exception);
            }
        }
    }

    /// <summary>Ready while the dispatcher runs (or is switched off) and its round under way moves.</summary>
    private sealed class DispatcherHealthCheck(PushDispatcher dispatcher) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(!dispatcher.IsEnabled ? HealthCheckResult.Healthy()
                : !dispatcher.IsRunning ? HealthCheckResult.Unhealthy("The dispatcher is not running.")
                : dispatcher.IsStalled ? HealthCheckResult.Unhealthy("The dispatch round under way has stalled.")
                : HealthCheckResult.Healthy());
    }
}

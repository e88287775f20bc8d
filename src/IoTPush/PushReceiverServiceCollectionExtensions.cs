using FluentValidation;
using IoTPush.Dispatch;
using IoTPush.Inbox;
using IoTPush.Observability;
using IoTPush.Receiving;
using IoTPush.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;
using Serilog.Extensions.Hosting;

namespace IoTPush;

public static class PushReceiverServiceCollectionExtensions
{
    /// <summary>
    /// The receiver core: validation, the group-committing inbox writer and the dispatcher.
    /// An <see cref="IInboxStore"/> must be registered too.
    /// </summary>
    public static IServiceCollection AddPushReceiver(this IServiceCollection services)
    {
        services.AddOptions<ReceiverOptions>().BindConfiguration(ReceiverOptions.Section)
            .Validate(o => o.MaxBodyBytes > 0, "Receiver:MaxBodyBytes must be a positive number of bytes.")
            .Validate(o => o.StoreTimeout > TimeSpan.Zero, "Receiver:StoreTimeout must be a positive TimeSpan, e.g. 00:00:10.")
            .Validate(o => o.CallbackTokens.All(token => !string.IsNullOrWhiteSpace(token)),
                "Receiver:CallbackTokens must not contain an empty token.")
            .Validate(o => o.CommandCallbackPath is null or "" || (o.CommandCallbackPath.StartsWith('/') && !o.CommandCallbackPath.Contains('?')),
                "Receiver:CommandCallbackPath must be a path that starts with '/', e.g. /callbacks/commands.")
            .Validate(o => o.RateLimit.PermitsPerSecond >= 0 && o.RateLimit.Burst >= 0,
                "Receiver:RateLimit:PermitsPerSecond and Burst must not be negative.")
            .Validate(o => o.AllowedNetworks.All(network => System.Net.IPNetwork.TryParse(network, out _)),
                "Receiver:AllowedNetworks must be CIDRs such as 203.0.113.0/24 or 2001:db8::/32.")
            .ValidateOnStart();
        services.AddOptions<GroupCommitOptions>().BindConfiguration(GroupCommitOptions.Section)
            .Validate(o => o.MaxBatchSize is >= 1 and <= 10_000, "Storage:MaxBatchSize must be from 1 to 10000.")
            .Validate(o => o.MaxBatchDelay >= TimeSpan.Zero && o.MaxBatchDelay <= TimeSpan.FromSeconds(1),
                "Storage:MaxBatchDelay must be from 00:00:00 to 00:00:01.")
            .ValidateOnStart();
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section)
            .Validate(o => o.MaxAttempts >= 1, "Dispatch:MaxAttempts must be at least 1.")
            .Validate(o => o.BatchSize is >= 1 and <= 10_000, "Dispatch:BatchSize must be from 1 to 10000.")
            .Validate(o => o.InitialBackoff > TimeSpan.Zero && o.MaxBackoff >= o.InitialBackoff,
                "Dispatch:InitialBackoff must be positive and Dispatch:MaxBackoff at least as long.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Dispatch:PollInterval must be positive.")
            .Validate(o => o.BatchDelay >= TimeSpan.Zero && o.BatchDelay <= TimeSpan.FromSeconds(5),
                "Dispatch:BatchDelay must be from 00:00:00 to 00:00:05.")
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(1), "Dispatch:LeaseDuration must be at least 00:00:01.")
            .Validate(o => o.HandlerTimeout > TimeSpan.Zero && o.HandlerTimeout * 2 <= o.LeaseDuration,
                "Dispatch:HandlerTimeout must be positive and at most half of Dispatch:LeaseDuration.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<PushMetrics>();
        services.AddNotificationReader();
        // A no-op unless the host logs requests with Serilog, which then collects what the receiver sets.
        services.TryAddSingleton<IDiagnosticContext>(new DiagnosticContext(null));
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<DispatchHandoff>();
        services.AddSingleton<PushIntake>();
        services.AddSingleton<ReceiverRateLimiter>();

        // Started in this order and stopped in reverse: dispatch stops first, the writer drains last.
        services.AddSingleton<InboxWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<InboxWriter>());
        services.AddSingleton<PushDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<PushDispatcher>());
        return services;
    }

    /// <summary>The validators of the push family, found in this assembly, and the reader that uses them.</summary>
    public static IServiceCollection AddNotificationReader(this IServiceCollection services)
    {
        // The family's validators; the ones they nest are theirs to build.
        services.AddValidatorsFromAssemblyContaining<NotificationValidator>(ServiceLifetime.Singleton,
            filter: found => found.ValidatorType.IsAssignableTo(typeof(NotificationValidator)));
        services.TryAddSingleton<NotificationReader>();
        return services;
    }

    /// <summary>Adds a receiver that the dispatcher hands every stored typed notification to.</summary>
    public static IServiceCollection AddPushMessageReceiver<TReceiver>(this IServiceCollection services)
        where TReceiver : PushMessageReceiver =>
        services.AddSingleton<PushMessageReceiver, TReceiver>();
}

using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace IoTPush.Service.Receiving;

/// <summary>The <c>Receiver:RateLimit</c> section. Off unless <see cref="PermitsPerSecond"/> is set.</summary>
public sealed class ReceiverRateLimitOptions
{
    public const string Section = "Receiver:RateLimit";

    /// <summary>Pushes per second accepted across the instance; 0 turns the limit off.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>How many may arrive at once above the rate; 0 means the same as <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }
}

/// <summary>
/// One token bucket for the whole receiver (the platform is its one legitimate client, so the limit
/// protects the store, not one caller from another). Over it: 429 problem details with Retry-After.
/// </summary>
public static class ReceiverRateLimiting
{
    public const string Policy = "receiver";

    public static IServiceCollection AddReceiverRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ReceiverRateLimitOptions>().BindConfiguration(ReceiverRateLimitOptions.Section)
            .Validate(o => o.PermitsPerSecond >= 0 && o.Burst >= 0, "Receiver:RateLimit:PermitsPerSecond and Burst must not be negative.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<ReceiverRateLimitOptions>>().Value;
                return settings.PermitsPerSecond == 0
                    ? RateLimitPartition.GetNoLimiter(Policy)
                    : RateLimitPartition.GetTokenBucketLimiter(Policy, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = settings.Burst > 0 ? settings.Burst : settings.PermitsPerSecond,
                        TokensPerPeriod = settings.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = (context, _) => WriteRejectionAsync(context);
        });
        return services;
    }

    private static ValueTask WriteRejectionAsync(OnRejectedContext context)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Over Receiver:RateLimit; retry after {retryAfter} s.",
            },
        });
    }
}

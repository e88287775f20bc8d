using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace IoTPush.Receiving;

/// <summary>
/// Applies <see cref="ReceiverRateLimiter"/> to the receiver's endpoints. It runs after the callback guard, so that
/// only pushes that passed it (token, allowlist) count: a flood from outside cannot use up the platform's budget.
/// Over the limit: 429 problem details with Retry-After.
/// </summary>
public sealed class ReceiverRateLimitFilter(ReceiverRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        using var lease = limiter.Acquire();
        if (lease is null || lease.IsAcquired)
        {
            return await next(context);
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            $"Over Receiver:RateLimit; retry after {retryAfter} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.");
    }
}

/// <summary>
/// One token bucket for the whole receiver, <see cref="ReceiverOptions.RateLimit"/>, shared by all its endpoints
/// (the platform is its one legitimate client, so the limit protects the store, not one caller from another).
/// </summary>
public sealed class ReceiverRateLimiter(IOptionsMonitor<ReceiverOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private Bucket? _bucket;

    /// <summary>A lease from the bucket, or null when no limit is set.</summary>
    public RateLimitLease? Acquire() => CurrentBucket().Limiter?.AttemptAcquire();

    public void Dispose() => _bucket?.Limiter?.Dispose();

    /// <summary>
    /// The bucket of the current settings, made again only when the limit itself changes (not on every reload of the
    /// configuration). The bucket it replaces is left to the collector rather than disposed: a request may be using it.
    /// </summary>
    private Bucket CurrentBucket()
    {
        var limit = options.CurrentValue.RateLimit;
        var bucket = _bucket;
        if (bucket is not null && bucket.Matches(limit))
        {
            return bucket;
        }

        lock (_gate)
        {
            if (_bucket is null || !_bucket.Matches(limit))
            {
                _bucket = new Bucket(limit.PermitsPerSecond, limit.Burst, limit.PermitsPerSecond == 0 ? null : new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limit.Burst > 0 ? limit.Burst : limit.PermitsPerSecond,
                    TokensPerPeriod = limit.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            }

            return _bucket;
        }
    }

    private sealed record Bucket(int PermitsPerSecond, int Burst, TokenBucketRateLimiter? Limiter)
    {
        public bool Matches(ReceiverRateLimitOptions limit) => PermitsPerSecond == limit.PermitsPerSecond && Burst == limit.Burst;
    }
}

/// <summary>The <c>Receiver:RateLimit</c> section. Off unless <see cref="PermitsPerSecond"/> is set.</summary>
public sealed class ReceiverRateLimitOptions
{
    /// <summary>Pushes per second accepted across the instance; 0 turns the limit off.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>How many may arrive at once above the rate; 0 means the same as <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }
}

using System.Net;
using IoTPush.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace IoTPush.Receiving;

/// <summary>
/// Lets a push through only from <see cref="ReceiverOptions.AllowedNetworks"/> (403 otherwise) and only
/// with one of <see cref="ReceiverOptions.CallbackTokens"/> (401 otherwise), when those are configured.
/// The platform signs nothing, so these and TLS are what authenticate it.
/// </summary>
public sealed class CallbackGuardFilter(IOptionsMonitor<ReceiverOptions> options) : IEndpointFilter
{
    public const string TokenQueryParameter = "token";
    public const string TokenHeader = "X-Callback-Token";

    private Guard? _guard;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var guard = CurrentGuard();
        var http = context.HttpContext;
        if (!guard.Allows(http.Connection.RemoteIpAddress))
        {
            return Reject(StatusCodes.Status403Forbidden, "Forbidden.", "Pushes are not accepted from this address (Receiver:AllowedNetworks).");
        }

        if (!guard.Tokens.IsEmpty)
        {
            var presented = http.Request.Query[TokenQueryParameter].FirstOrDefault() ?? http.Request.Headers[TokenHeader].FirstOrDefault();
            if (!guard.Tokens.Contains(presented))
            {
                return Reject(StatusCodes.Status401Unauthorized, "Unauthorized.",
                    $"A push must carry a valid callback token, as the '{TokenQueryParameter}' query parameter or the {TokenHeader} header.");
            }
        }

        return next(context);
    }

    /// <summary>The parsed settings, rebuilt only when the options change.</summary>
    private Guard CurrentGuard()
    {
        var settings = options.CurrentValue;
        var guard = _guard;
        if (guard is null || !ReferenceEquals(guard.Source, settings))
        {
            guard = new Guard(settings);
            _guard = guard;
        }

        return guard;
    }

    private static ValueTask<object?> Reject(int status, string title, string detail) =>
        ValueTask.FromResult<object?>(TypedResults.Problem(detail, statusCode: status, title: title));

    private sealed class Guard(ReceiverOptions source)
    {
        private readonly IPNetwork[] _networks = source.AllowedNetworks.Select(IPNetwork.Parse).ToArray();

        public ReceiverOptions Source { get; } = source;

        public SecretSet Tokens { get; } = new(source.CallbackTokens);

        public bool Allows(IPAddress? address)
        {
            if (_networks.Length == 0)
            {
                return true;
            }

            if (address is null)
            {
                return false;
            }

            // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; match them against IPv4 networks.
            var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return _networks.Any(network => network.Contains(normalized));
        }
    }
}

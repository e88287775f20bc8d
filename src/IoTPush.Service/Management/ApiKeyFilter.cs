using IoTPush.Security;
using Microsoft.Extensions.Options;

namespace IoTPush.Service.Management;

/// <summary>
/// Lets a call through only with an <c>X-Api-Key</c> header equal to one of <c>Management:ApiKeys</c>.
/// It fails closed (no key configured, nothing passes), and compares in constant time.
/// </summary>
public sealed class ApiKeyFilter(IOptionsMonitor<ManagementOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    private AcceptedKeys? _keys;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var settings = options.CurrentValue;
        var keys = _keys;
        if (keys is null || !ReferenceEquals(keys.Source, settings))
        {
            keys = new AcceptedKeys(settings, new SecretSet(settings.ApiKeys));
            _keys = keys;
        }

        return keys.Secrets.Contains(context.HttpContext.Request.Headers[HeaderName].FirstOrDefault())
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.Problem(
                $"Send a valid {HeaderName} header (one of Management:ApiKeys).",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized."));
    }

    /// <summary>The keys of one version of the options, parsed once.</summary>
    private sealed record AcceptedKeys(ManagementOptions Source, SecretSet Secrets);
}

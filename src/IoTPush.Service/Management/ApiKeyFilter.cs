using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IoTPush.Service.Management;

/// <summary>
/// Lets a call through only with an <c>X-Api-Key</c> header equal to one of <c>Management:ApiKeys</c>.
/// It fails closed (no key configured, nothing passes), and compares in constant time.
/// </summary>
public sealed class ApiKeyFilter(IOptionsMonitor<ManagementOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        return IsAccepted(presented, options.CurrentValue.ApiKeys)
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.Problem(
                $"Send a valid {HeaderName} header (one of Management:ApiKeys).",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized."));
    }

    private static bool IsAccepted(string presented, string[] keys)
    {
        if (presented.Length == 0)
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison time says nothing about the keys.
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var accepted = false;
        foreach (var key in keys)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return accepted;
    }
}

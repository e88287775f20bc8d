using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace IoTPush.Service.Hosting;

/// <summary>
/// X-Forwarded-For/-Proto are honoured only from the proxies in <c>ForwardedHeaders:KnownProxies</c> (addresses)
/// and <c>ForwardedHeaders:KnownNetworks</c> (CIDRs). The framework's default trust of loopback is cleared,
/// so no client, local or not, can choose the address that the allowlist and the logs see.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            // .NET 10 keeps the obsolete list beside the new one, and it still trusts 127.0.0.0/8 by default.
#pragma warning disable ASPDEPR005
            options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in Values(configuration, "KnownProxies"))
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies has '{proxy}', which is not an IP address."));
            }

            foreach (var network in Values(configuration, "KnownNetworks"))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"{Section}:KnownNetworks has '{network}', which is not a CIDR."));
            }

            // With both lists empty the middleware would believe every sender, not none: switch it off.
            if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
            {
                options.ForwardedHeaders = ForwardedHeaders.None;
            }
        });
        return services;
    }

    private static string[] Values(IConfiguration configuration, string key) =>
        configuration.GetSection($"{Section}:{key}").Get<string[]>() ?? [];
}

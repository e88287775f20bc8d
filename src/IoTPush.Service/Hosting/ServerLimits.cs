using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace IoTPush.Service.Hosting;

/// <summary>
/// Kestrel limits for a receiver on a public address: slow or idle clients cannot hold connections.
/// Each can be changed under <c>Kestrel:Limits</c> (e.g. <c>Kestrel__Limits__RequestHeadersTimeout</c>).
/// </summary>
public static class ServerLimits
{
    public static WebApplicationBuilder ConfigureServerLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            var limits = kestrel.Limits;
            limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            limits.KeepAliveTimeout = TimeSpan.FromSeconds(75);
            // A body must keep coming at 240 bytes/s after 5 s of grace, or the connection is closed.
            limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            // A hard ceiling for every route; the receiver's own (Receiver:MaxBodyBytes) is lower.
            limits.MaxRequestBodySize = 1024 * 1024;
            context.Configuration.GetSection("Kestrel:Limits").Bind(limits);
        });
        return builder;
    }
}

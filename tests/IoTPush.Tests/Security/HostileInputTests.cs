using System.Net;
using IoTPush.Tests.Infrastructure;
using Xunit;

namespace IoTPush.Tests.Security;

public sealed class HostileInputTests
{
    [Fact]
    public async Task TenThousandHostileBodies_AllAnsweredWithout5xx_RejectionsAreProblemDetails_AndTheServiceStaysUp()
    {
        await using var app = new IoTPushApplication();
        var client = app.CreateClient();
        var bodies = HostileBodies.Generate(seed: 20261122).ToList();
        var failures = new List<string>();
        var rejected = 0;

        foreach (var chunk in bodies.Chunk(64))
        {
            var responses = await Task.WhenAll(chunk.Select(async item => (item.Kind, Response: await client.PushBytesAsync(item.Body))));
            foreach (var (kind, response) in responses)
            {
                var status = (int)response.StatusCode;
                if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    failures.Add($"{kind}: {status} {response.Content.Headers.ContentType}");
                }

                rejected += status is >= 400 and < 500 ? 1 : 0;
            }
        }

        Assert.True(bodies.Count >= 10_000, $"only {bodies.Count} bodies generated");
        Assert.Empty(failures.Take(10));
        Assert.True(rejected >= 10_000, $"only {rejected} were rejected");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PushAsync(Payloads.Seed("fwUpgradeStateChangeNotify"))).StatusCode);
    }
}

using System.Net;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Xunit;

namespace IoTPush.Tests.Security;

public sealed class CallbackGuardTests
{
    private const string Push =
        """{"notifyType":"swUpgradeStateChangeNotify","deviceId":"dev-1","appId":"a","operationId":"o","subOperationId":"s","swUpgradeState":"idle"}""";

    private static HttpRequestMessage PushRequest(string? query = null, string? header = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, HttpExtensions.ReceiverPath + query)
        {
            Content = new StringContent(Push.Replace("dev-1", Guid.NewGuid().ToString(), StringComparison.Ordinal),
                System.Text.Encoding.UTF8, "application/json"),
        };
        if (header is not null)
        {
            request.Headers.Add("X-Callback-Token", header);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }

    [Theory]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    [InlineData("?token=wrong", null, HttpStatusCode.Unauthorized)]
    [InlineData(null, "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("?token=old-secret", null, HttpStatusCode.OK)]
    [InlineData("?token=new-secret", null, HttpStatusCode.OK)]
    [InlineData(null, "new-secret", HttpStatusCode.OK)]
    [InlineData("?token=wrong", "old-secret", HttpStatusCode.Unauthorized)]
    public async Task CallbackTokens_RequireOneOfThem_AsQueryParameterOrHeader(string? query, string? header, HttpStatusCode expected)
    {
        await using var app = new IoTPushApplication
        {
            Settings = { ["Receiver:CallbackTokens:0"] = "old-secret", ["Receiver:CallbackTokens:1"] = "new-secret" },
        };

        var response = await app.CreateClient().SendAsync(PushRequest(query, header));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Empty(app.Inbox.Rows());
        }
    }

    [Fact]
    public async Task CallbackToken_NeverAppearsInALogLine()
    {
        var logs = new CapturingSink();
        await using var app = new IoTPushApplication
        {
            Settings =
            {
                ["Receiver:CallbackTokens:0"] = "s3cret-token-value",
                ["Serilog:MinimumLevel:Default"] = "Verbose",
                ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
                ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore.Server.Kestrel.BadRequests"] = "Verbose",
            },
            ConfigureServices = services => services.AddSingleton<ILogEventSink>(logs),
        };
        var client = app.StartOnKestrel();

        await client.SendAsync(PushRequest("?token=s3cret-token-value"));
        await client.SendAsync(PushRequest("?token=s3cret-token-valuX"));
        await client.SendAsync(PushRequest(header: "s3cret-token-value"));
        // A request line Kestrel refuses: at Debug it quotes the line, query string and all.
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            await socket.ConnectAsync(IPAddress.Loopback, client.BaseAddress!.Port);
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes("POST /v1.0.0/messageReceiver?token=s3cret-token-value\u0000 HTTP/1.1\r\nHost: x\r\n\r\n"));
            await socket.ReceiveAsync(new byte[1024], System.Net.Sockets.SocketFlags.None);
        }

        var lines = await logs.RequestLinesAsync(3);
        Assert.True(lines.Count == 3, string.Join("\n", logs.Events.Select(CapturingSink.Everything)));
        Assert.DoesNotContain(logs.Events, logEvent => CapturingSink.Everything(logEvent).Contains("s3cret-token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.0/8", null, null, HttpStatusCode.OK)]
    [InlineData("10.0.0.0/8", null, null, HttpStatusCode.Forbidden)]
    [InlineData("10.0.0.0/8,127.0.0.1/32", null, null, HttpStatusCode.OK)]
    // A client that claims another address is not believed unless it is a configured proxy.
    [InlineData("10.0.0.0/8", null, "10.1.2.3", HttpStatusCode.Forbidden)]
    [InlineData("10.0.0.0/8", "127.0.0.1", "10.1.2.3", HttpStatusCode.OK)]
    [InlineData("127.0.0.0/8", "127.0.0.1", "203.0.113.9", HttpStatusCode.Forbidden)]
    [InlineData("2001:db8::/32", "127.0.0.1", "2001:db8::7", HttpStatusCode.OK)]
    public async Task AllowedNetworks_AdmitOnlyListedClients_TrustingForwardedHeadersOnlyFromKnownProxies(
        string networks, string? knownProxy, string? forwardedFor, HttpStatusCode expected)
    {
        await using var app = new IoTPushApplication();
        var cidrs = networks.Split(',');
        for (var i = 0; i < cidrs.Length; i++)
        {
            app.Settings[$"Receiver:AllowedNetworks:{i}"] = cidrs[i];
        }

        if (knownProxy is not null)
        {
            app.Settings["ForwardedHeaders:KnownProxies:0"] = knownProxy;
        }

        var client = app.StartOnKestrel();

        var response = await client.SendAsync(PushRequest(forwardedFor: forwardedFor));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task RateLimit_OverTheBucket_Answers429WithRetryAfter()
    {
        await using var app = new IoTPushApplication
        {
            Settings = { ["Receiver:RateLimit:PermitsPerSecond"] = "1", ["Receiver:RateLimit:Burst"] = "3" },
        };
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await client.SendAsync(PushRequest());
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : limited;
        }

        Assert.Equal(3, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.NotNull(limited!.Headers.RetryAfter);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, app.Inbox.Rows().Count);
    }

    [Fact]
    public async Task RateLimit_CountsOnlyPushesThatPassedTheGuard_SoAFloodFromOutsideCannotUseUpThePlatformsBudget()
    {
        await using var app = new IoTPushApplication
        {
            Settings =
            {
                ["Receiver:RateLimit:PermitsPerSecond"] = "1", ["Receiver:RateLimit:Burst"] = "5",
                ["Receiver:CallbackTokens:0"] = "platform-token",
                ["Receiver:AllowedNetworks:0"] = "10.0.0.0/8", ["Receiver:AllowedNetworks:1"] = "127.0.0.1/32",
                ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            },
        };
        var client = app.StartOnKestrel();

        var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i => (await client.SendAsync(i % 2 == 0
            ? PushRequest("?token=guess")
            : PushRequest("?token=platform-token", forwardedFor: "203.0.113.7"))).StatusCode));
        var platform = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            platform.Add((await client.SendAsync(PushRequest("?token=platform-token"))).StatusCode);
        }

        Assert.Equal(20, flood.Count(status => status == HttpStatusCode.Unauthorized));
        Assert.Equal(20, flood.Count(status => status == HttpStatusCode.Forbidden));
        Assert.All(platform, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task RateLimit_IsOffByDefault()
    {
        await using var app = new IoTPushApplication();
        var client = app.CreateClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ => (await client.SendAsync(PushRequest())).StatusCode));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}

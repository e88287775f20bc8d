using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using IoTPush.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IoTPush.Tests.Security;

/// <summary>The receiver on real Kestrel: TLS from a certificate file, and clients that misbehave on the wire.</summary>
public sealed class TransportTests
{
    private const string Push =
        """{"notifyType":"swUpgradeStateChangeNotify","deviceId":"dev-tls","appId":"a","operationId":"o","subOperationId":"s","swUpgradeState":"idle"}""";

    [Fact]
    public async Task Https_WithACertificateFileFromConfiguration_AcceptsAPush()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await using var app = new IoTPushApplication();
        var certificatePath = Path.Combine(app.DataDirectory, "tls.crt");
        var keyPath = Path.Combine(app.DataDirectory, "tls.key");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        // Exactly the settings README documents, as an operator would write them.
        app.Settings["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0";
        app.Settings["Kestrel:Endpoints:Https:Certificate:Path"] = certificatePath;
        app.Settings["Kestrel:Endpoints:Https:Certificate:KeyPath"] = keyPath;
        app.UseKestrel();
        app.StartServer();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(candidate => candidate.StartsWith("https://", StringComparison.Ordinal));
        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, serverCertificate, _, _) =>
            {
                presented = serverCertificate is null ? null : new X509Certificate2(serverCertificate);
                return serverCertificate?.Thumbprint == certificate.Thumbprint;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(address) };

        var response = await client.PostAsync(HttpExtensions.ReceiverPath, new StringContent(Push, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(certificate.Thumbprint, presented?.Thumbprint);
        Assert.Single(app.Inbox.Rows());
    }

    [Fact]
    public async Task SlowClient_ThatNeverFinishesItsHeaders_IsDisconnected()
    {
        await using var app = new IoTPushApplication { Settings = { ["Kestrel:Limits:RequestHeadersTimeout"] = "00:00:01" } };
        var client = app.StartOnKestrel();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, client.BaseAddress!.Port);

        await socket.SendAsync(Encoding.ASCII.GetBytes("POST /v1.0.0/messageReceiver HTTP/1.1\r\nHost: x\r\n"));
        var started = DateTime.UtcNow;
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        int read;
        do
        {
            read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        }
        while (read > 0);

        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.5, 10);
    }

    [Fact]
    public async Task ContentLengthOverTheLimit_Answers413WithoutReadingTheBody()
    {
        await using var app = new IoTPushApplication();
        var client = app.StartOnKestrel();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, client.BaseAddress!.Port);

        // It claims a body it never sends: the answer must not wait for it.
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /v1.0.0/messageReceiver HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900000\r\n\r\n{\"notifyType\""));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);

        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChunkSizeThatOverflows_Answers400ProblemDetails()
    {
        await using var app = new IoTPushApplication();
        var client = app.StartOnKestrel();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, client.BaseAddress!.Port);

        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /v1.0.0/messageReceiver HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n"));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
    }
}

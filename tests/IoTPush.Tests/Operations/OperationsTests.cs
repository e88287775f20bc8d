using System.Net;
using IoTPush.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Xunit;
using static IoTPush.Tests.Infrastructure.CapturingSink;

namespace IoTPush.Tests.Operations;

public sealed class OperationsTests
{
    [Fact]
    public async Task Health_LiveAndReady_AnswerHealthyAndNothingElse()
    {
        await using var app = new IoTPushApplication();
        var client = app.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestLog_OneLinePerPush_WithItsFieldsAndWithoutTheQueryString()
    {
        var logs = new CapturingSink();
        await using var app = new IoTPushApplication
        {
            Settings = { ["Serilog:MinimumLevel:Default"] = "Information" },
            ConfigureServices = services => services.AddSingleton<ILogEventSink>(logs),
        };
        var client = app.CreateClient();

        await client.PostAsync($"{HttpExtensions.ReceiverPath}?token=s3cret-token", new StringContent(
            """{"notifyType":"swUpgradeStateChangeNotify","deviceId":"dev-log","appId":"a","operationId":"op-log","subOperationId":"s","swUpgradeState":"idle"}""",
            System.Text.Encoding.UTF8, "application/json"));

        var line = Assert.Single(await logs.RequestLinesAsync(1));
        Assert.Equal(
            ("POST", "/v1.0.0/messageReceiver", "200", "swUpgradeStateChangeNotify", "dev-log", "op-log"),
            (Text(line, "RequestMethod"), Text(line, "RequestPath"), Text(line, "StatusCode"), Text(line, "NotifyType"),
                Text(line, "DeviceId"), Text(line, "OperationId")));
        Assert.NotNull(Text(line, "Elapsed"));
        Assert.DoesNotContain(logs.Events, logEvent => CapturingSink.Everything(logEvent).Contains("s3cret-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenApi_IsOffOutsideDevelopmentUnlessEnabled()
    {
        await using var app = new IoTPushApplication();

        var response = await app.CreateClient().GetAsync("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

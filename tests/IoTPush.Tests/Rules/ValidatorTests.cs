using System.Text.Json;
using IoTPush.Receiving;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IoTPush.Tests.Rules;

public sealed class ValidatorTests
{
    /// <summary>The reader as the service builds it: every validator registered from the library's assembly.</summary>
    private static readonly NotificationReader Reader = new ServiceCollection()
        .AddNotificationReader()
        .BuildServiceProvider()
        .GetRequiredService<NotificationReader>();

    private static IDictionary<string, string[]>? Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Reader.Validate(PushDocument.Read(document.RootElement).Document!);
    }

    [Theory]
    [InlineData("0", "idle")]
    [InlineData("1", "downloading")]
    [InlineData("2", "downloaded")]
    [InlineData("3", "updating")]
    public void FwStateChange_StepAndAgreeingStepDesc_IsValid(string step, string stepDesc)
    {
        Assert.Null(Validate($$"""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","step":"{{step}}","stepDesc":"{{stepDesc}}"}"""));
    }

    [Fact]
    public void FwStateChange_DisagreeingStepDesc_SaysWhichStateTheStepMeans()
    {
        var errors = Validate("""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","step":"0","stepDesc":"updating"}""");

        Assert.Equal(["'stepDesc' must be 'idle' when 'step' is '0'."], errors!["stepDesc"]);
    }

    [Fact]
    public void EachField_ReportsOnlyItsFirstBrokenRule()
    {
        var errors = Validate("""{"notifyType":"swUpgradeStateChangeNotify","deviceId":null,"appId":[],"operationId":"o","subOperationId":"s","swUpgradeState":"IDLE"}""");

        Assert.Equal(["'deviceId' must not be null."], errors!["deviceId"]);
        Assert.Equal(["'appId' must be a string."], errors["appId"]);
        Assert.Equal(["'swUpgradeState' must be one of: idle, downloading, downloaded, updating."], errors["swUpgradeState"]);
    }

    [Fact]
    public void ReadStored_GivesTheTypedNotificationWithNumbersAsText()
    {
        var notification = Reader.ReadStored("fwUpgradeResultNotify",
            """{"notifyType":"fwUpgradeResultNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","curVersion":"1.6","targetVersion":"1.6","sourceVersion":"1.3","Status":"SUCCESS","statusDesc":"ok","upgradeTime":3600}""");

        var result = Assert.IsType<IoTPush.Notifications.FwUpgradeResultNotification>(notification);
        Assert.Equal(("SUCCESS", "3600"), (result.Status, result.UpgradeTime));
    }
}

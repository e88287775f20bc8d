using IoTPush.Tests.Infrastructure;
using Xunit;

namespace IoTPush.Tests.Security;

/// <summary>What a pushed value can do to the text log of the real process: nothing but appear, escaped.</summary>
public sealed class LogForgingTests
{
    private const string Forged = "[00:00:00.000 ERR] Forged";

    [Fact]
    public async Task PushedValuesWithLineBreaksAndTerminalEscapes_CannotForgeALogLine()
    {
        var data = Directory.CreateTempSubdirectory("iotpush-forging-").FullName;
        try
        {
            await using var service = await ServiceProcess.StartAsync(data);
            var device = $"dev-1\r\n{Forged}: device\u001b[31m\u2028\u202e";
            var notifyType = $"someType\n{Forged}: notifyType\u0007";

            await service.Client.PushAsync(
                $$"""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":{{Json(device)}},"appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading"}""");
            await service.Client.PushAsync($$"""{"notifyType":{{Json(notifyType)}},"deviceId":"dev-2"}""");
            await service.Client.PushAsync($$"""{"notifyType":"fwUpgradeResultNotify","deviceId":{{Json(device)}}}""");
            var output = await service.OutputAfterAsync(requestLines: 3);

            var lines = output.Split('\n');
            Assert.DoesNotContain(lines, line => line.StartsWith(Forged, StringComparison.Ordinal));
            Assert.DoesNotContain(output, c => c is '\u001b' or '\u0007' or '\r' or '\u2028' or '\u202e');
            Assert.Equal(2, lines.Count(line => line.Contains(@"dev-1\r\n[00:00:00.000 ERR] Forged: device\u001b[31m\u2028\u202e", StringComparison.Ordinal)));
            Assert.Single(lines, line => line.Contains(@"someType\n[00:00:00.000 ERR] Forged: notifyType\u0007", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}

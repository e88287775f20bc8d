using System.Collections.Concurrent;
using System.Net;
using IoTPush.Tests.Infrastructure;
using Xunit;

namespace IoTPush.Tests.Operations;

/// <summary>The service as a process, stopped under load.</summary>
public sealed class ShutdownTests
{
    private static string Push(string device) =>
        $$"""{"notifyType":"swUpgradeStateChangeNotify","deviceId":"{{device}}","appId":"a","operationId":"op-stop","subOperationId":"s","swUpgradeState":"idle"}""";

    [Fact]
    public async Task Sigterm_UnderLoad_AnswersNo5xx_LosesNoAcknowledgedPush_AndExitsCleanly()
    {
        var directory = Directory.CreateTempSubdirectory("iotpush-stop-").FullName;
        try
        {
            var acknowledged = new ConcurrentBag<string>();
            var serverErrors = new ConcurrentBag<HttpStatusCode>();
            await using (var service = await ServiceProcess.StartAsync(directory, new Dictionary<string, string> { ["HostOptions:ShutdownTimeout"] = "00:00:20" }))
            {
                using var stop = new CancellationTokenSource();
                var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        try
                        {
                            var response = await service.Client.PushAsync(Push($"dev-{worker}-{i}"));
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                acknowledged.Add((await response.JsonAsync()).GetProperty("id").GetString()!);
                            }
                            else if ((int)response.StatusCode >= 500)
                            {
                                serverErrors.Add(response.StatusCode);
                            }
                        }
                        catch (HttpRequestException)
                        {
                            await Task.Delay(20); // refused or closed while stopping: the platform would retry
                        }
                    }
                })).ToList();

                await Task.Delay(1500);
                service.Terminate();
                var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
                await stop.CancelAsync();
                await Task.WhenAll(load);

                Assert.Equal(0, exitCode);
            }

            var stored = Infrastructure.Inbox.Sqlite(Path.Combine(directory, "iotpush.db")).Rows().Select(row => row.Id).ToHashSet();
            Assert.NotEmpty(acknowledged);
            Assert.Empty(serverErrors);
            Assert.All(acknowledged, id => Assert.Contains(id, stored));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}

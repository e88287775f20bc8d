using System.Net;
using IoTPush.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit;

namespace IoTPush.Tests.Receiving;

/// <summary>A 200 means durable: what the service does when its SQLite file is taken from under it.</summary>
public sealed class SqliteFileTests
{
    private const string Push =
        """{"notifyType":"swUpgradeStateChangeNotify","deviceId":"DEVICE","appId":"a","operationId":"o","subOperationId":"s","swUpgradeState":"idle"}""";

    [Theory]
    [InlineData("deleted")]
    [InlineData("replaced")]
    public async Task TheFileDeletedOrReplacedUnderTheService_PushesAndReadinessAnswer503(string what)
    {
        var store = new SqliteTestStore();
        await using var app = new IoTPushApplication(store);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PushAsync(Push.Replace("DEVICE", "before", StringComparison.Ordinal))).StatusCode);

        if (what == "deleted")
        {
            foreach (var file in Directory.GetFiles(store.Directory, "iotpush.db*"))
            {
                File.Delete(file);
            }
        }
        else
        {
            var other = Path.Combine(store.Directory, "other.db");
            using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
            {
                connection.Open();
            }

            File.Move(other, store.DatabasePath, overwrite: true);
        }

        var push = await client.PushAsync(Push.Replace("DEVICE", "after", StringComparison.Ordinal));
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, push.StatusCode);
        Assert.NotNull(push.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task ManagementApi_WhenTheFileCannotBeRead_Answers503WithRetryAfter()
    {
        var store = new SqliteTestStore();
        await using var app = ManagementClient.NewApplication(store);
        var client = app.CreateManagementClient();
        await client.PushOkAsync(Push.Replace("DEVICE", "dev-1", StringComparison.Ordinal));
        // Another file put in its place (a rename: the service's own open files, mapped in memory, stay untouched),
        // and no pooled connection left on the old one.
        var garbage = Path.Combine(store.Directory, "garbage");
        await File.WriteAllTextAsync(garbage, new string('x', 8192));
        File.Delete(store.DatabasePath + "-wal");
        File.Delete(store.DatabasePath + "-shm");
        File.Move(garbage, store.DatabasePath, overwrite: true);
        SqliteConnection.ClearAllPools();

        var response = await client.GetAsync("/api/notifications");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}

using IoTPush.Dispatch;
using IoTPush.Service.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace IoTPush.Tests.Rules;

/// <summary>Dispatch:BatchSize when it is not set: by store; when it is set: as set.</summary>
public sealed class DispatchBatchSizeTests
{
    private static int BatchSize(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddInboxStorage();
        services.AddPushReceiver();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DispatchOptions>>().Value.BatchSize;
    }

    [Fact]
    public void Unset_IsSmallOnSqlite_AndLargerOnPostgres()
    {
        Assert.Equal(new DispatchOptions().BatchSize, BatchSize());
        Assert.Equal(StorageServiceCollectionExtensions.PostgresDispatchBatchSize, BatchSize(("Storage:Provider", "Postgres")));
    }

    [Fact]
    public void Set_IsKeptOnEitherStore()
    {
        Assert.Equal(7, BatchSize(("Dispatch:BatchSize", "7")));
        Assert.Equal(7, BatchSize(("Storage:Provider", "Postgres"), ("Dispatch:BatchSize", "7")));
    }
}

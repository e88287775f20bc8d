using IoTPush.Inbox;
using IoTPush.Service.Upgrades;

namespace IoTPush.Service.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The inbox store chosen by <c>Storage:Provider</c>, on <c>ConnectionStrings:IoTPush</c>.</summary>
    public static IServiceCollection AddInboxStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString(StorageOptions.ConnectionStringName);
            return new SqliteDatabase(
                string.IsNullOrWhiteSpace(connectionString) ? StorageOptions.DefaultSqliteConnectionString : connectionString);
        });
        services.AddSingleton<SqliteInboxStore>();
        services.AddSingleton<IInboxStore>(provider => provider.GetRequiredService<SqliteInboxStore>());
        services.AddSingleton<IInboxQueries, SqliteInboxQueries>();
        services.AddSingleton<IUpgradeStore, SqliteUpgradeStore>();
        return services;
    }
}

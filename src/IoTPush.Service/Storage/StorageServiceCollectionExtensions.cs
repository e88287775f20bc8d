using IoTPush.Inbox;
using IoTPush.Service.Hosting;
using IoTPush.Service.Upgrades;
using Microsoft.Extensions.Options;

namespace IoTPush.Service.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The stores chosen by <c>Storage:Provider</c>, on <c>ConnectionStrings:IoTPush</c>. Both providers are
    /// registered; only the chosen one is ever constructed (and so connects and migrates).
    /// </summary>
    public static IServiceCollection AddInboxStorage(this IServiceCollection services)
    {
        StoredTimeHandler.Register();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be Sqlite or Postgres.")
            .ValidateOnStart();

        services.AddSingleton(provider => new SqliteDatabase(ConnectionString(provider) ?? StorageOptions.DefaultSqliteConnectionString));
        services.AddSingleton<SqliteInboxStore>();
        services.AddSingleton<SqliteUpgradeTracker>();

        services.AddSingleton(provider => new PostgresDatabase(ConnectionString(provider)
            ?? throw new StartupProblem(StorageOptions.ConnectionStringKey, "must be set when Storage:Provider is Postgres")));
        services.AddSingleton<PostgresInboxStore>();
        services.AddSingleton<PostgresUpgradeTracker>();

        services.AddSingleton<IDatabase>(provider => Chosen<IDatabase, SqliteDatabase, PostgresDatabase>(provider));
        services.AddSingleton<IInboxStore>(provider => Chosen<IInboxStore, SqliteInboxStore, PostgresInboxStore>(provider));
        services.AddSingleton<IUpgradeTracker>(provider => Chosen<IUpgradeTracker, SqliteUpgradeTracker, PostgresUpgradeTracker>(provider));
        services.AddSingleton<IInboxQueries, InboxQueries>();
        services.AddSingleton<UpgradeQueries>();
        return services;
    }

    private static string? ConnectionString(IServiceProvider provider) =>
        provider.GetRequiredService<IConfiguration>().GetConnectionString(StorageOptions.ConnectionStringName) is { Length: > 0 } value
            ? value
            : null;

    private static TService Chosen<TService, TSqlite, TPostgres>(IServiceProvider provider)
        where TSqlite : TService
        where TPostgres : TService
        where TService : notnull =>
        provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? provider.GetRequiredService<TPostgres>()
            : provider.GetRequiredService<TSqlite>();
}

using IoTPush.Inbox;
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
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be Sqlite or Postgres.")
            .ValidateOnStart();

        services.AddSingleton(provider => new SqliteDatabase(ConnectionString(provider) ?? StorageOptions.DefaultSqliteConnectionString));
        services.AddSingleton<SqliteInboxStore>();
        services.AddSingleton<SqliteInboxQueries>();
        services.AddSingleton<SqliteUpgradeStore>();

        services.AddSingleton(provider => new PostgresDatabase(ConnectionString(provider)
            ?? throw new InvalidOperationException("Storage:Provider is Postgres but ConnectionStrings:IoTPush is not set.")));
        services.AddSingleton<PostgresInboxStore>();
        services.AddSingleton<PostgresInboxQueries>();
        services.AddSingleton<PostgresUpgradeStore>();

        services.AddSingleton<IInboxStore>(provider => Chosen<IInboxStore, SqliteInboxStore, PostgresInboxStore>(provider));
        services.AddSingleton<IInboxQueries>(provider => Chosen<IInboxQueries, SqliteInboxQueries, PostgresInboxQueries>(provider));
        services.AddSingleton<IUpgradeStore>(provider => Chosen<IUpgradeStore, SqliteUpgradeStore, PostgresUpgradeStore>(provider));
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

using IoTPush.Dispatch;
using IoTPush.Inbox;
using IoTPush.Service.Hosting;
using IoTPush.Service.Upgrades;
using Microsoft.Extensions.Options;

namespace IoTPush.Service.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The default <c>Dispatch:BatchSize</c> on PostgreSQL.</summary>
    public const int PostgresDispatchBatchSize = 500;

    /// <summary>
    /// The stores chosen by <c>Storage:Provider</c>, on <c>ConnectionStrings:IoTPush</c>. Both providers are
    /// registered; only the chosen one is ever constructed (and so connects and migrates).
    /// </summary>
    public static IServiceCollection AddInboxStorage(this IServiceCollection services)
    {
        StoredTimeHandler.Register();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be Sqlite or Postgres.")
            .Validate(o => o.Retention >= TimeSpan.Zero, "Storage:Retention must not be negative (00:00:00 keeps everything).")
            .Validate(o => o.PurgeInterval > TimeSpan.Zero && o.PurgeInterval <= TimeSpan.FromDays(7),
                "Storage:PurgeInterval must be from 00:00:00.001 to 7.00:00:00, e.g. 01:00:00.")
            .ValidateOnStart();

        // Dispatch:BatchSize, unless set: small on SQLite, where a round's tracker transaction holds the one writer
        // that pushes wait for; larger on PostgreSQL, where a round costs round trips and locks only its rows.
        services.AddOptions<DispatchOptions>().Configure<IConfiguration, IOptions<StorageOptions>>((dispatch, configuration, storage) =>
        {
            if (configuration[$"{DispatchOptions.Section}:{nameof(DispatchOptions.BatchSize)}"] is null)
            {
                dispatch.BatchSize = storage.Value.Provider == StorageProvider.Postgres ? PostgresDispatchBatchSize : dispatch.BatchSize;
            }
        });

        services.AddSingleton(provider => new SqliteDatabase(ConnectionString(provider) ?? StorageOptions.DefaultSqliteConnectionString));
        services.AddSingleton<SqliteInboxStore>();
        services.AddSingleton<SqliteUpgradeTracker>();

        services.AddSingleton(provider => new PostgresDatabase(ConnectionString(provider)
            ?? throw new StartupProblem(StorageOptions.ConnectionStringKey, "must be set when Storage:Provider is Postgres")));
        services.AddSingleton<PostgresInboxStore>();
        services.AddSingleton<PostgresUpgradeTracker>();

        services.AddSingleton<IDatabase>(provider => Chosen<IDatabase, SqliteDatabase, PostgresDatabase>(provider));
        services.AddSingleton<InboxStore>(provider => Chosen<InboxStore, SqliteInboxStore, PostgresInboxStore>(provider));
        services.AddSingleton<IInboxStore>(provider => provider.GetRequiredService<InboxStore>());
        services.AddSingleton<IUpgradeTracker>(provider => Chosen<IUpgradeTracker, SqliteUpgradeTracker, PostgresUpgradeTracker>(provider));
        services.AddSingleton<IInboxQueries, InboxQueries>();
        services.AddSingleton<UpgradeQueries>();
        services.AddSingleton<InboxRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<InboxRetention>());
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

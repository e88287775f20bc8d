namespace IoTPush.Service.Storage;

public enum StorageProvider
{
    /// <summary>An embedded file; one instance.</summary>
    Sqlite,

    /// <summary>A shared database; several instances behind a load balancer.</summary>
    Postgres,
}

/// <summary>The <c>Storage</c> section: which store holds the inbox. The connection string is <c>ConnectionStrings:IoTPush</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string ConnectionStringName = "IoTPush";
    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;
    public const string DefaultSqliteConnectionString = "Data Source=data/iotpush.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// How long processed and unhandled records are kept (failed ones stay until replayed; tracker rows stay).
    /// Dedup holds within this window. Zero keeps everything.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often records past <see cref="Retention"/> are deleted.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}

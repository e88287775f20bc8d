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
}

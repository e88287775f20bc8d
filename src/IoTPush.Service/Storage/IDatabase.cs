using System.Data.Common;

namespace IoTPush.Service.Storage;

/// <summary>The store's connections, for the SQL that both providers share (through <see cref="Dialect"/>).</summary>
public interface IDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Provider and location for the start-up line: a file path, or host, port and database; never a password.</summary>
    string Description { get; }

    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> query, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);
}

using System.Data.Common;
using Dapper;

using IoTPush.Service.Hosting;

namespace IoTPush.Service.Storage;

/// <summary>
/// Brings a store to the newest schema in one transaction: migration N brings it to version N. Append new
/// migrations; never edit one that has shipped. A store from a newer release is refused rather than guessed at.
/// </summary>
public static class SchemaMigrator
{
    public static void Migrate(DbConnection connection, SqlDialect dialect, IReadOnlyList<string> migrations)
    {
        using var transaction = connection.BeginTransaction();
        if (dialect.MigrationPreamble.Length > 0)
        {
            connection.Execute(dialect.MigrationPreamble, transaction: transaction);
        }

        var current = connection.ExecuteScalar<int>(dialect.SchemaVersionQuery, transaction: transaction);
        if (current > migrations.Count)
        {
            throw new StartupProblem(StorageOptions.ConnectionStringKey,
                $"the {dialect.Name} store is at schema version {current}, newer than this release knows ({migrations.Count}); "
                + "run a newer release, or restore a backup taken before the upgrade");
        }

        for (var version = current + 1; version <= migrations.Count; version++)
        {
            connection.Execute(migrations[version - 1], transaction: transaction);
            connection.Execute(dialect.SetSchemaVersion(version), transaction: transaction);
        }

        transaction.Commit();
    }
}

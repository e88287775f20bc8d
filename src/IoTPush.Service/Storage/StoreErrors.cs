using Microsoft.Data.Sqlite;
using Npgsql;

namespace IoTPush.Service.Storage;

/// <summary>
/// Tells a store's errors apart: a value the store refuses (the request's fault, answered 400 and never retried)
/// from a store that cannot answer (answered 503, with Retry-After). Everything else is a fault of ours.
/// </summary>
public static class StoreErrors
{
    // SQLite result codes for what a value holds: too big, a constraint, a type mismatch.
    private static readonly int[] SqliteContent = [18, 19, 20];

    // PostgreSQL SQLSTATE classes for what a value holds: data exception (22), integrity (23), program limit (54).
    private static readonly string[] PostgresContent = ["22", "23", "54"];

    public static bool IsRefusedContent(Exception exception) => exception switch
    {
        SqliteException sqlite => SqliteContent.Contains(sqlite.SqliteErrorCode),
        PostgresException postgres => PostgresContent.Any(postgres.SqlState.StartsWith),
        _ => false,
    };

    /// <summary>The store is down, full, gone or too slow: a retry later may succeed.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        _ when IsRefusedContent(exception) => false,
        Inbox.StoreUnavailableException or NpgsqlException or SqliteException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}

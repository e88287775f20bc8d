using System.Data;
using Dapper;

namespace IoTPush.Service.Storage;

/// <summary>
/// Reads a stored time into <see cref="DateTimeOffset"/> (UTC) whichever way the store keeps it: Unix
/// milliseconds (SQLite) or <c>timestamptz</c> (PostgreSQL, read as a UTC <see cref="DateTime"/>).
/// Dapper passes <see cref="DateTimeOffset"/> parameters itself (its own type map comes before handlers),
/// so SQL that both stores share passes times through <see cref="SqlDialect.Time"/>.
/// </summary>
public sealed class StoredTimeHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    private static int _registered;

    /// <summary>Dapper's settings are process-wide: registers the handler and snake_case column names once.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            DefaultTypeMap.MatchNamesWithUnderscores = true;
            SqlMapper.AddTypeHandler(new StoredTimeHandler());
        }
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset time => time,
        _ => throw new DataException($"A stored time cannot be read from {value.GetType().Name}."),
    };

    // Not called for parameters by Dapper today (see above); kept right for the day it is.
    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        if (parameter is Microsoft.Data.Sqlite.SqliteParameter)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.ToUnixTimeMilliseconds();
        }
        else
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value;
        }
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IoTPush.Tests.Infrastructure;

/// <summary>Reads the inbox table straight from the store, independently of the store's own code.</summary>
public sealed class Inbox(Func<DbConnection> connect)
{
    public sealed record Row(string Id, string NotifyType, string? DeviceId, string Body, string Status, int Attempts, string? LastError);

    public static Inbox Sqlite(string databasePath) => new(() => new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False"));

    public static Inbox Postgres(string connectionString) => new(() => new NpgsqlConnection(connectionString));

    public IReadOnlyList<Row> Rows()
    {
        using var connection = connect();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, notify_type, device_id, body, status, attempts, last_error FROM inbox ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }

    public Row Single(string id) => Rows().Single(row => row.Id == id);

    /// <summary>Waits until every row satisfies <paramref name="done"/>, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<Row>> WaitUntilAsync(Func<IReadOnlyList<Row>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var rows = Rows();
            if (done(rows))
            {
                return rows;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The inbox did not reach the expected state: {string.Join(", ", rows.Select(row => $"{row.Id}={row.Status}/{row.Attempts}"))}");
            }

            await Task.Delay(25);
        }
    }
}

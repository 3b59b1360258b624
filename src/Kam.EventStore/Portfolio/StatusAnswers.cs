using System.Text.Json;
using Kam.EventStore.Sales;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace Kam.EventStore.Portfolio;

/// <summary>
/// The answer of <c>GET /api/accounts/{id}</c> now, kept as it was sent, so that the next read sends the same bytes without
/// deserializing three documents and serializing a computed answer. It is not a projection: it is the status shown at an
/// instant (AccountStatusReads.NowAsync), and it shows figures that move with the clock ("the last 30 days", the sales
/// period of today). So a kept answer says which stored documents it was shown from and until when what it shows holds:
/// <list type="bullet">
/// <item>the status's version and write time, and the <c>mt_version</c> of its tallies and sales (Marten gives a document a
/// new one each time it is written): a write to any of them makes the kept answer stale at once, in the same statement
/// that reads it, with no work on the write path;</item>
/// <item>the instant it was shown at and the first instant it could show otherwise: the end of that business date (the
/// sales period is chosen by date) or the moment a counted interaction leaves its 30- or 90-day window
/// (<see cref="AccountActivities.ShownUntil"/>), whichever comes first;</item>
/// <item>the shape of the answer: the answer's format and the configuration it depends on (the stage probabilities).</item>
/// </list>
/// A read sends the kept answer when all of these hold (one statement, by primary keys); otherwise it shows the status as
/// before and keeps that answer for the next read. Two readers may keep an answer at the same time: each is right for the
/// documents it names, and a stale one is simply not sent. An answer whose last interaction needs the records
/// (<see cref="ActivityFigures.LastUnknown"/>) is not kept.
/// </summary>
public static class StatusAnswers
{
    /// <summary>The table of kept answers (created with the rest of the schema: db-apply, or the store in Development).</summary>
    public const string TableName = "kam_status_answers";

    /// <summary>The format of the kept answer: raise it whenever <see cref="AccountStatus"/> or how it is shown changes.</summary>
    public const int Format = 1;

    /// <summary>The answer as sent, and the account's version for the <c>ETag</c>.</summary>
    public sealed record Answer(long Version, string Json);

    public static StoreOptions ConfigureStatusAnswers(this StoreOptions options)
    {
        var table = new Table($"{options.DatabaseSchemaName}.{TableName}");
        table.AddColumn("id", "uuid").AsPrimaryKey();
        table.AddColumn("status_version", "bigint").NotNull();
        table.AddColumn("status_written", "timestamp with time zone").NotNull();
        table.AddColumn("activity_version", "uuid");
        table.AddColumn("sales_version", "uuid");
        table.AddColumn("shape", "text").NotNull();
        table.AddColumn("shown_at", "timestamp with time zone").NotNull();
        table.AddColumn("holds_until", "timestamp with time zone").NotNull();
        table.AddColumn("answer", "text").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(table);
        return options;
    }

    /// <summary>The status answer now, as JSON with the API's options; null when the account does not exist.</summary>
    public static async Task<Answer?> NowAsync(
        IQuerySession session, Guid accountId, DateTimeOffset now, StageProbabilities probabilities, JsonSerializerOptions json,
        CancellationToken cancellation)
    {
        now = now.ToUniversalTime();
        var shape = ShapeOf(probabilities);
        var sql = Statements(session);
        if (await KeptAsync(session, sql.Find, accountId, shape, now, cancellation) is { } kept)
        {
            return kept;
        }

        if (await AccountStatusReads.NowAsync(session, accountId, now, probabilities, cancellation) is not var (status, stored))
        {
            return null;
        }

        var answer = new Answer(status.Version, JsonSerializer.Serialize(status, json));
        var figures = stored.Activity ?? ActivityFigures.None;
        if (stored.Marks is { } marks && !figures.LastUnknown)
        {
            var holdsUntil = AccountActivities.ShownUntil(figures.Latest, now);
            var endOfDay = Domain.BusinessTime.EndOf(Domain.BusinessTime.Today(now));
            await KeepAsync(session, sql.Keep, accountId, marks, shape, now, holdsUntil < endOfDay ? holdsUntil : endOfDay, answer, cancellation);
        }

        return answer;
    }

    private static async Task<Answer?> KeptAsync(
        IQuerySession session, string sql, Guid accountId, string shape, DateTimeOffset now, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shape });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await session.ExecuteReaderAsync(command, cancellation);
        return await reader.ReadAsync(cancellation) ? new Answer(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private static async Task KeepAsync(
        IQuerySession session, string sql, Guid accountId, AccountStatusReads.StoredMarks marks, string shape, DateTimeOffset shownAt,
        DateTimeOffset holdsUntil, Answer answer, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = marks.Status });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = marks.StatusWritten.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)marks.Activity ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)marks.Sales ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shape });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = shownAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = holdsUntil.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = answer.Json });
        try
        {
            await using var reader = await session.ExecuteReaderAsync(command, cancellation);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
        {
            // A read-only database (a standby during a failover) still answers reads; the answer is just not kept.
        }
    }

    // The format and the configuration the answer depends on, once per configuration object (options are read once per process).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<StageProbabilities, string> Shapes = [];

    private static string ShapeOf(StageProbabilities probabilities) => Shapes.GetValue(probabilities, p =>
        FormattableString.Invariant($"{Format};{p.Identify};{p.Qualify};{p.Propose};{p.Negotiate}"));

    private sealed record Sql(string Find, string Keep);

    // Built once per store: the same text every time, so each statement is prepared once per connection.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, Sql> Built = [];

    private static Sql Statements(IQuerySession session) => Built.GetValue(session.DocumentStore, store =>
    {
        var table = $"{store.Options.DatabaseSchemaName}.{TableName}";
        var status = store.Options.Schema.For<AccountStatus>();
        var activity = store.Options.Schema.For<AccountActivity>();
        var sales = store.Options.Schema.For<AccountSales>();
        return new Sql(
            $"select k.status_version, k.answer from {table} as k " +
            $"join {status} as d on d.id = k.id and d.mt_version = k.status_version and d.mt_last_modified = k.status_written " +
            $"left join {activity} as a on a.id = k.id left join {sales} as s on s.id = k.id " +
            "where k.id = $1 and k.shape = $2 and k.shown_at <= $3 and k.holds_until > $3 " +
            "and a.mt_version is not distinct from k.activity_version and s.mt_version is not distinct from k.sales_version",
            $"insert into {table} as k (id, status_version, status_written, activity_version, sales_version, shape, shown_at, holds_until, answer) " +
            "values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (id) do update set status_version = excluded.status_version, " +
            "status_written = excluded.status_written, activity_version = excluded.activity_version, sales_version = excluded.sales_version, " +
            "shape = excluded.shape, shown_at = excluded.shown_at, holds_until = excluded.holds_until, answer = excluded.answer");
    });
}

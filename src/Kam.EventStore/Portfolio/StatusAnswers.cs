using System.Buffers;
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
/// <item>for the account list, the health band of that business date and the <c>mt_version</c> of the health row it was read
/// from (in the same statement as the documents above), so that a list page in name order reads no schedule: a new
/// schedule makes the kept band stale as a new status does;</item>
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
    public const int Format = 2;

    /// <summary>The answer as sent (UTF-8 JSON), and the account's version for the <c>ETag</c>.</summary>
    public sealed record Answer(long Version, byte[] Json);

    public static StoreOptions ConfigureStatusAnswers(this StoreOptions options)
    {
        var table = new Table($"{options.DatabaseSchemaName}.{TableName}");
        table.AddColumn("id", "uuid").AsPrimaryKey();
        table.AddColumn("status_version", "bigint").NotNull();
        table.AddColumn("status_written", "timestamp with time zone").NotNull();
        table.AddColumn("activity_version", "uuid");
        table.AddColumn("sales_version", "uuid");
        table.AddColumn("health_version", "uuid");
        // The band of the business date it was shown on as a list item's "health" (UTF-8 JSON), null without a band.
        table.AddColumn("health", "bytea");
        table.AddColumn("shape", "text").NotNull();
        table.AddColumn("shown_at", "timestamp with time zone").NotNull();
        table.AddColumn("holds_until", "timestamp with time zone").NotNull();
        // UTF-8 JSON as sent: read and written as bytes, never decoded.
        table.AddColumn("answer", "bytea").NotNull();
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

        return await KeepAsync(session, sql.Keep, status, stored, BandJson(stored, now, json), shape, now, json, cancellation);
    }

    /// <summary>An account of a list page now: its position in the list and its item as sent.</summary>
    /// <param name="Health">The band today as JSON, written in place of the answer's <c>"health":null</c>; null without a band.</param>
    public sealed record Listed(Guid Id, string NameKey, int? Rank, byte[] Json, byte[]? Health);

    /// <summary>
    /// A page of the account list now, filtered and ordered in the database by the filter's columns: each item is the account's
    /// status answer (kept, or shown now and kept) with its health band today, the entry of its health row's schedule in force
    /// today (<see cref="Health.AccountHealthRow.On"/>), set in its <c>health</c>. One statement for the page; a second only
    /// for the accounts whose answer had to be shown again. In name order without a band filter the band is the one kept with
    /// the answer (checked against the health row's version); ordered or filtered by band, the statement reads today's entry
    /// of every account's schedule, as it must to sort or filter by it.
    /// </summary>
    public static async Task<IReadOnlyList<Listed>> PageAsync(
        IQuerySession session, AccountFilter filter, int take, DateTimeOffset now, StageProbabilities probabilities, JsonSerializerOptions json,
        CancellationToken cancellation)
    {
        now = now.ToUniversalTime();
        var shape = ShapeOf(probabilities);
        var sql = Statements(session);
        var where = new System.Text.StringBuilder();
        var byBand = filter.ByHealth || filter.Band is not null;
        var parameters = byBand ? new List<object> { shape, now, now, Domain.BusinessTime.Today(now) } : [shape, now, now];
        filter.Where(where, parameters);
        var order = filter.ByHealth ? $"order by coalesce(b.rank, {AccountFilter.NoRank}), d.name_key, d.id" : "order by d.name_key, d.id";
        // The page size is written into the statement, not passed: with a parameter there, PostgreSQL prices the prepared
        // statement's generic plan for a tenth of the table and so plans this six-table join again on every read (about 1 ms
        // of its CPU, more than running it). A literal lets the one generic plan serve; a page size is one of a few values.
        await using var command = Store.SqlText.Command(
            $"{(byBand ? sql.PageByBand : sql.Page)} {where} {order} limit {take.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            parameters);

        // Each row: the account, its answer when kept (null: show it again), and its band (JSON and rank) when the answer is kept
        // or, ordered or filtered by band, always.
        var rows = new List<(Guid Id, string NameKey, byte[]? Answer, byte[]? Health, int? Rank)>(take);
        await using (var reader = await session.ExecuteReaderAsync(command, cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                var answer = reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2);
                if (!byBand)
                {
                    rows.Add((reader.GetGuid(0), reader.GetString(1), answer, answer is null || reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3), null));
                    continue;
                }

                var health = reader.IsDBNull(3) ? null : new HealthBandToday(
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.GetInt32(6));
                rows.Add((reader.GetGuid(0), reader.GetString(1), answer, health is null ? null : HealthJson(health, json), health?.Rank));
            }
        }

        // The answers not kept (or kept no longer), shown now and kept, in one read of their documents; their bands with them.
        var missing = rows.Where(r => r.Answer is null).Select(r => r.Id).ToArray();
        var shown = new Dictionary<Guid, (byte[] Answer, byte[]? Health)>();
        if (missing.Length > 0)
        {
            foreach (var (status, stored) in await AccountStatusReads.NowAsync(session, missing, now, probabilities, cancellation))
            {
                var health = BandJson(stored, now, json);
                shown[status.Id] = ((await KeepAsync(session, sql.Keep, status, stored, health, shape, now, json, cancellation)).Json, health);
            }
        }

        var page = new List<Listed>(rows.Count);
        foreach (var row in rows)
        {
            // An account designated and gone between the two statements cannot be: accounts are never deleted.
            if (row.Answer is not null)
            {
                page.Add(new Listed(row.Id, row.NameKey, row.Rank, row.Answer, row.Health));
                continue;
            }

            // Ordered or filtered by band, the band is the one the statement sorted by; otherwise the one just shown.
            var again = shown[row.Id];
            page.Add(new Listed(row.Id, row.NameKey, row.Rank, again.Answer, byBand ? row.Health : again.Health));
        }

        return page;
    }

    // The band of the business date of now from the health row read with the documents, as JSON: the entry of its schedule in
    // force, as the statement ordered by band finds it in SQL.
    private static byte[]? BandJson(AccountStatusReads.Stored stored, DateTimeOffset now, JsonSerializerOptions json) =>
        stored.Health?.On(Domain.BusinessTime.Today(now)) is { } span
            ? HealthJson(new HealthBandToday(span.Band, span.Rank, stored.Health.FormulaVersion), json)
            : null;

    // The bands as JSON, written once each: a formula has a handful of bands, and every page item carries one.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<HealthBandToday, byte[]> Bands = new();

    private static byte[] HealthJson(HealthBandToday health, JsonSerializerOptions json) =>
        Bands.Count < 1000 ? Bands.GetOrAdd(health, (band, options) => JsonSerializer.SerializeToUtf8Bytes(band, options), json) : JsonSerializer.SerializeToUtf8Bytes(health, json);

    /// <summary>
    /// A page of the list as <c>Page&lt;AccountStatus&gt;</c> is written (<c>{"items":[...],"next":...}</c>), its items written as
    /// they are, one after the other, straight into the response: a page of 50 is some 65,000 characters, which as one string
    /// would be a large-object allocation (and a collection of the whole heap soon after) on every read.
    /// </summary>
    public sealed class PageResult(IReadOnlyList<Listed> items, string? next, JsonSerializerOptions json) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            var body = httpContext.Response.BodyWriter;
            Write(body, "{\"items\":[");
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    Write(body, ",");
                }

                // No flush per item: a page (at most 200 answers, ~1.4 kB each) goes out in as few writes as the pipe makes.
                Write(body, items[i]);
            }

            Write(body, "],\"next\":");
            Write(body, JsonSerializer.Serialize(next, json));
            Write(body, "}");
            await body.FlushAsync(httpContext.RequestAborted);
        }

        // The answer's last member is "health", null in the status answer (AccountStatus declares it last): the list item is the
        // same bytes with the band written there, byte for byte what the serializer writes for the status with its band set.
        private static void Write(System.IO.Pipelines.PipeWriter body, Listed item)
        {
            if (item.Health is null)
            {
                body.Write(item.Json);
                return;
            }

            if (!item.Json.AsSpan().EndsWith(NoHealth))
            {
                throw new InvalidOperationException("A status answer must end with its health member: raise StatusAnswers.Format after changing AccountStatus.");
            }

            body.Write(item.Json.AsSpan(0, item.Json.Length - "null}".Length));
            body.Write(item.Health);
            body.Write("}"u8);
        }

        private static ReadOnlySpan<byte> NoHealth => "\"health\":null}"u8;

        private static void Write(System.IO.Pipelines.PipeWriter body, string text) =>
            System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, text.AsSpan(), body);
    }

    // The status just shown, as sent, kept when it can hold: not when its last interaction had to be asked of the records.
    private static async Task<Answer> KeepAsync(
        IQuerySession session, string sql, AccountStatus status, AccountStatusReads.Stored stored, byte[]? health, string shape, DateTimeOffset now,
        JsonSerializerOptions json, CancellationToken cancellation)
    {
        var answer = new Answer(status.Version, JsonSerializer.SerializeToUtf8Bytes(status, json));
        var figures = stored.Activity ?? ActivityFigures.None;
        if (stored.Marks is { } marks && !figures.LastUnknown)
        {
            var holdsUntil = AccountActivities.ShownUntil(figures.Latest, now);
            var endOfDay = Domain.BusinessTime.EndOf(Domain.BusinessTime.Today(now));
            await UpsertAsync(session, sql, status.Id, marks, shape, now, holdsUntil < endOfDay ? holdsUntil : endOfDay, answer, health, cancellation);
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
        return await reader.ReadAsync(cancellation) ? new Answer(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    private static async Task UpsertAsync(
        IQuerySession session, string sql, Guid accountId, AccountStatusReads.StoredMarks marks, string shape, DateTimeOffset shownAt,
        DateTimeOffset holdsUntil, Answer answer, byte[]? health, CancellationToken cancellation)
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
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = answer.Json });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)marks.Health ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)health ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
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

    private sealed record Sql(string Find, string Keep, string Page, string PageByBand);

    // Built once per store: the same text every time, so each statement is prepared once per connection.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentStore, Sql> Built = [];

    private static Sql Statements(IQuerySession session) => Built.GetValue(session.DocumentStore, store =>
    {
        var table = $"{store.Options.DatabaseSchemaName}.{TableName}";
        var status = store.Options.Schema.For<AccountStatus>();
        var activity = store.Options.Schema.For<AccountActivity>();
        var sales = store.Options.Schema.For<AccountSales>();
        var health = store.Options.Schema.For<Health.AccountHealthRow>();
        // A page's documents, each by its primary key. The kept answer is joined by its key alone and checked in the select list
        // (holds, below): with its conditions in the join, the planner weighs the shape's selectivity from the table's statistics,
        // and right after a new format (no row of that shape yet when last analyzed) it chose to scan the whole table per page.
        var joined = $"left join {table} as k on k.id = d.id left join {activity} as a on a.id = d.id left join {sales} as s on s.id = d.id " +
            $"left join {health} as h on h.id = d.id";
        // The kept answer holds (parameters: shape, now, now).
        const string holds = "k.shape = ? and k.shown_at <= ? and k.holds_until > ? and k.status_version = d.mt_version " +
            "and k.status_written = d.mt_last_modified and a.mt_version is not distinct from k.activity_version " +
            "and s.mt_version is not distinct from k.sales_version";
        return new Sql(
            $"select k.status_version, k.answer from {table} as k " +
            $"join {status} as d on d.id = k.id and d.mt_version = k.status_version and d.mt_last_modified = k.status_written " +
            $"left join {activity} as a on a.id = k.id left join {sales} as s on s.id = k.id " +
            "where k.id = $1 and k.shape = $2 and k.shown_at <= $3 and k.holds_until > $3 " +
            "and a.mt_version is not distinct from k.activity_version and s.mt_version is not distinct from k.sales_version",
            $"insert into {table} as k (id, status_version, status_written, activity_version, sales_version, shape, shown_at, holds_until, answer, " +
            "health_version, health) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (id) do update set " +
            "status_version = excluded.status_version, status_written = excluded.status_written, activity_version = excluded.activity_version, " +
            "sales_version = excluded.sales_version, shape = excluded.shape, shown_at = excluded.shown_at, holds_until = excluded.holds_until, " +
            "answer = excluded.answer, health_version = excluded.health_version, health = excluded.health",
            // The page in name order: the accounts' columns (the filter's alias d), and the kept answer with its band when both hold;
            // parameters: shape, now, now, then the filter's.
            $"select d.id, d.name_key, case when {holds} and h.mt_version is not distinct from k.health_version then k.answer end, k.health " +
            $"from {status} as d {joined} where true",
            // The page ordered or filtered by band: the accounts' columns (the filter's aliases d and b), the kept answer when it
            // holds, and today's band; parameters: shape, now, now, today, then the filter's.
            $"select d.id, d.name_key, case when {holds} then k.answer end, b.found, b.band, b.rank, (h.data ->> 'FormulaVersion')::int " +
            $"from {status} as d {joined} " +
            // Today's band and its rank: the last entry of the schedule that has begun by today (the schedule is a few spans).
            "left join lateral (select true as found, e ->> 'Band' as band, (e ->> 'Rank')::int as rank from jsonb_array_elements(h.data -> 'Schedule') as e " +
            "where (e ->> 'From')::date <= ? order by (e ->> 'From')::date desc limit 1) as b on true where true");
    });
}

using System.Security.Cryptography;
using System.Text;
using Marten;
using Marten.Storage;
using Npgsql;

namespace Kam.EventStore.Store;

/// <summary>
/// A start-up short cut for the schema check of <see cref="SchemaPolicy"/>, without trusting anything it cannot see.
/// <c>db-apply</c>, after applying the schema and checking in full that it matches, records two hashes in one row: of the
/// DDL this version of the service expects (Marten writes it in memory, without the database) and of the schema PostgreSQL
/// then held (its catalog: tables, columns, defaults, indexes, constraints, functions, triggers, views and sequences of the
/// store's schemas). A starting instance computes both again, the second in one statement, and skips Marten's full check
/// (~800 introspection statements, one after the other) only when its own DDL was recorded together with the catalog as it
/// is now. Anything else (no row for this version, a schema changed behind db-apply's back, a row of another version) runs
/// the full check, which refuses the start and says what differs, as it always did.
/// </summary>
public static class SchemaFingerprint
{
    /// <summary>The row's table, in the store's schema; not a Marten object, so it is not part of what it fingerprints.</summary>
    public const string Table = "kam_schema_fingerprints";

    /// <summary>The DDL of every object the store expects, in a stable order, hashed: what the configuration would create.</summary>
    public static string ExpectedDdl(IMartenDatabase database)
    {
        var ddl = new StringWriter();
        foreach (var schemaObject in database.AllObjects().OrderBy(o => o.Identifier.QualifiedName, StringComparer.Ordinal))
        {
            ddl.WriteLine(schemaObject.Identifier.QualifiedName);
            schemaObject.WriteCreateStatement(database.Migrator, ddl);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ddl.ToString())));
    }

    /// <summary>
    /// True when this version's DDL was recorded by db-apply together with the catalog as it is now. False (never an error)
    /// when there is no table, no row or any difference: the caller then checks in full.
    /// </summary>
    public static async Task<bool> MatchesAsync(IMartenDatabase database, string schema, CancellationToken cancellation)
    {
        var expected = ExpectedDdl(database);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"select exists (select 1 from {Quote(schema)}.{Table} where expected_ddl = $1 and catalog = ({CatalogHash}))", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = expected });
        command.Parameters.Add(new NpgsqlParameter { Value = Schemas(database) });
        try
        {
            return await command.ExecuteScalarAsync(cancellation) is true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return false;
        }
    }

    /// <summary>
    /// After db-apply: checks in full that the schema matches (throwing as a start would when it does not), then records this
    /// version's DDL with the catalog as it stands. Keeps the rows of other versions (a rolling deployment runs two), which
    /// can only match their own DDL, and only with the catalog they were recorded with.
    /// </summary>
    public static async Task RecordAsync(IMartenDatabase database, string schema, CancellationToken cancellation)
    {
        await database.AssertDatabaseMatchesConfigurationAsync(cancellation);
        var expected = ExpectedDdl(database);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        var table = $"{Quote(schema)}.{Table}";
        await using (var create = new NpgsqlCommand(
            $"create table if not exists {table} (expected_ddl text primary key, catalog text not null, recorded_at timestamptz not null default now())",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellation);
        }

        await using (var record = new NpgsqlCommand(
            $"""
            insert into {table} (expected_ddl, catalog) values ($1, ({CatalogHash}))
            on conflict (expected_ddl) do update set catalog = excluded.catalog, recorded_at = now()
            """, connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = expected });
            record.Parameters.Add(new NpgsqlParameter { Value = Schemas(database) });
            await record.ExecuteNonQueryAsync(cancellation);
        }

        await transaction.CommitAsync(cancellation);
    }

    /// <summary>The catalog's hash of <paramref name="schemas"/> as the fingerprint takes it (for tests and for an operator asking why).</summary>
    public static async Task<string> CatalogAsync(NpgsqlConnection connection, string[] schemas, CancellationToken cancellation = default)
    {
        await using var command = new NpgsqlCommand($"select ({CatalogHash.Replace("$2", "$1", StringComparison.Ordinal)})", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schemas });
        return (string)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Records the fingerprint of the host's store (after db-apply; see <see cref="RecordAsync"/>).</summary>
    public static async Task RecordSchemaFingerprintAsync(this IHost host, CancellationToken cancellation = default)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await RecordAsync(store.Storage.Database, store.Options.DatabaseSchemaName, cancellation);
    }

    private static string[] Schemas(IMartenDatabase database) => [.. database.AllSchemaNames().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// A hash of what defines the schemas named by $2 in the catalog, in PostgreSQL's own words (format_type, pg_get_expr,
    /// pg_get_indexdef, pg_get_constraintdef, pg_get_functiondef, pg_get_triggerdef, pg_get_viewdef): whatever Marten's
    /// introspection compares. Nothing that moves with the data (row counts, statistics, sequence values, object ids) is in
    /// it, so it changes only when the schema does. The fingerprint table itself is left out.
    /// </summary>
    private const string CatalogHash = $"""
        select md5(coalesce(string_agg(line, E'\n' order by line), '')) from (
          select 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || c.relpersistence::text
              || coalesce(' partition ' || pg_get_expr(c.relpartbound, c.oid), '') || coalesce(' by ' || pg_get_partkeydef(c.oid), '') as line
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any($2) and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and c.relname <> '{Table}'
          union all
          select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
              || case when a.attnotnull then ' not null' else '' end || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
              || a.attidentity::text || a.attgenerated::text || coalesce(' collate ' || co.collname, '')
            from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
              left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
              left join pg_collation co on co.oid = a.attcollation and a.attcollation <> 0 and co.collname <> 'default'
            where n.nspname = any($2) and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped and c.relname <> '{Table}'
          union all
          select 'index ' || n.nspname || '.' || c.relname || ' ' || pg_get_indexdef(i.indexrelid)
            from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any($2) and c.relname <> '{Table}'
          union all
          select 'constraint ' || n.nspname || '.' || coalesce(c.relname, '') || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
            from pg_constraint k join pg_namespace n on n.oid = k.connamespace left join pg_class c on c.oid = k.conrelid
            where n.nspname = any($2) and coalesce(c.relname, '') <> '{Table}'
          union all
          select 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(pg_get_functiondef(p.oid))
            from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = any($2) and p.prokind in ('f', 'p')
          union all
          select 'trigger ' || n.nspname || '.' || c.relname || ' ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text
            from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any($2) and not t.tgisinternal
          union all
          select 'view ' || n.nspname || '.' || c.relname || ' ' || md5(pg_get_viewdef(c.oid))
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any($2) and c.relkind in ('v', 'm')
          union all
          select 'sequence ' || n.nspname || '.' || c.relname || ' ' || format_type(s.seqtypid, null) || ' ' || s.seqstart || ' ' || s.seqincrement
              || ' ' || s.seqmax || ' ' || s.seqmin || ' ' || s.seqcache || ' ' || s.seqcycle
            from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any($2)
        ) catalog
        """;
}

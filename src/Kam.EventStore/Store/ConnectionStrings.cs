namespace Kam.EventStore.Store;

/// <summary>
/// Where the PostgreSQL connection string comes from: <c>ConnectionStrings:Marten</c>
/// (env <c>ConnectionStrings__Marten</c>) when set, else the project-local instance that
/// <c>scripts/db.sh start</c> runs and describes in <c>.local/postgres.connstr</c>.
/// </summary>
public static class ConnectionStrings
{
    public const string Name = "Marten";
    public const string LocalFile = ".local/postgres.connstr";

    /// <summary>Statements Npgsql prepares per connection, least recently used replaced (the service runs a few dozen).</summary>
    public const int MaxAutoPrepare = 100;

    /// <summary>
    /// The connection string the service's data source uses: the configured one with the service's connection settings, unless
    /// it sets them itself. Public so the benchmark's bare endpoint (its HTTP ceiling) reads with the same client settings.
    /// </summary>
    /// <remarks>
    /// <c>No Reset On Close</c>: a pooled connection is not reset (<c>DISCARD ALL</c>) each time it is taken, which also kept
    /// dropping PostgreSQL's cached plans; nothing here leaves session state on a pooled connection (Marten and Wolverine hold
    /// their advisory locks on connections of their own). <c>Max Auto Prepare</c>: a statement run often is prepared once per
    /// connection, so PostgreSQL no longer parses and plans every read and write. Measured with scripts/bench-lever.sh
    /// (docs/benchmarks.md): PostgreSQL CPU per status read 0.23-0.29 -> 0.15 ms, per status change 2.3-2.7 -> 1.2 ms.
    /// </remarks>
    public static string ForService(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString(Name);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var file = Path.Combine(dir.FullName, LocalFile);
                if (File.Exists(file))
                {
                    return File.ReadAllText(file).Trim();
                }
            }
        }

        throw new InvalidOperationException(
            $"No database configured: set ConnectionStrings__{Name}, or run 'scripts/db.sh start' to start the project-local PostgreSQL.");
    }
}

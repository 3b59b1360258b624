namespace Kam.EventStore.Infrastructure;

/// <summary>
/// Where the PostgreSQL connection string comes from: <c>ConnectionStrings:Marten</c>
/// (env <c>ConnectionStrings__Marten</c>) when set, else the project-local instance that
/// <c>scripts/db.sh start</c> runs and describes in <c>.local/postgres.connstr</c>.
/// </summary>
public static class ConnectionStrings
{
    public const string Name = "Marten";
    public const string LocalFile = ".local/postgres.connstr";

    /// <summary>
    /// The connection string the service's data source uses: the configured one with the service's connection settings.
    /// Public so the benchmark's bare endpoint (its HTTP ceiling) reads with the same client settings.
    /// </summary>
    public static string ForService(string connectionString) => connectionString;

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

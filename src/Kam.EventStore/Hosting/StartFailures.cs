using System.Net.Sockets;
using Npgsql;
using Weasel.Core.Migrations;

namespace Kam.EventStore.Hosting;

/// <summary>
/// A start that fails says why in one line on standard error and exits non-zero, so a supervisor, a deployment script or
/// a person at a terminal sees the cause rather than a stack trace (the logs still carry the exception).
/// </summary>
public static class StartFailures
{
    public const int ExitCode = 1;

    // One line: enough for any message written for people, short of a schema dump.
    private const int MaxReason = 400;

    public static string Describe(Exception exception)
    {
        var root = exception;
        while (root is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            root = aggregate.InnerExceptions[0];
        }

        var reason = root switch
        {
            IOException { InnerException: not null } io when io.Message.Contains("address", StringComparison.OrdinalIgnoreCase) =>
                $"{io.Message} Another process listens there: stop it or choose other addresses (--urls, ASPNETCORE_URLS, KAM_URLS).",
            DatabaseValidationException =>
                "the database schema does not match this version of the service. Outside Development and Testing the service never " +
                "migrates it on start: apply it at deployment with 'db-apply' (scripts/run.sh db-apply, or dotnet Kam.EventStore.dll db-apply).",
            PostgresException postgres =>
                $"the database refused the service: {postgres.SqlState} {postgres.MessageText} (check ConnectionStrings__Marten).",
            NpgsqlException { InnerException: SocketException socket } npgsql =>
                $"the database is unreachable: {npgsql.Message} ({socket.SocketErrorCode}). Check ConnectionStrings__Marten and that PostgreSQL runs.",
            NpgsqlException { InnerException: TimeoutException } npgsql =>
                $"the database did not answer in time: {npgsql.Message} Check ConnectionStrings__Marten and that PostgreSQL runs.",
            NpgsqlException npgsql => $"the database is unreachable: {npgsql.Message} Check ConnectionStrings__Marten.",
            _ => root.Message,
        };
        reason = reason.ReplaceLineEndings(" ");
        return "Kam.EventStore failed to start: " + (reason.Length > MaxReason ? reason[..MaxReason] + "..." : reason);
    }
}

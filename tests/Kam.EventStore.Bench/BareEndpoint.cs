using System.Buffers;
using Kam.EventStore.Security;
using Kam.EventStore.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Kam.EventStore.Bench;

/// <summary>
/// The ceiling of an HTTP read here: a bare ASP.NET Core app that answers the same reads as the service by reading the same
/// stored documents with Npgsql and writing their JSON as stored. Same host settings as the service: its appsettings.json
/// (content root), the Production environment, its GC mode, its bearer-token authentication and role policy, and its
/// connection settings (<see cref="ConnectionStrings.ForService"/>). Run by the bench as a process of its own
/// (<c>Kam.EventStore.Bench bare --port N --connection CS --content-root DIR</c>), so its CPU is measured as the service's is.
/// </summary>
public static class BareEndpoint
{
    public const string Mode = "bare";

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var port = Arg("--port") ?? throw new ArgumentException("--port is required");
        var connection = Arg("--connection") ?? throw new ArgumentException("--connection is required");
        var contentRoot = Arg("--content-root") ?? throw new ArgumentException("--content-root is required");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, Args = [] });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.AddKamAuthentication();
        builder.Services.AddAuthorization(AccessPolicies.Configure);
        await using var data = NpgsqlDataSource.Create(ConnectionStrings.ForService(connection));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        // The same statements as the raw baselines, answered as the stored JSON.
        app.MapGet("/bare/accounts/{id:guid}", (Guid id, HttpContext context) =>
            WriteAsync(context, data, one: true, "select data from mt_doc_accountstatus where id = $1", id)).RequireAuthorization(Roles.Reader);
        app.MapGet("/bare/accounts", (HttpContext context) =>
            WriteAsync(context, data, one: false, Statements.AccountPage)).RequireAuthorization(Roles.Reader);
        app.MapGet("/bare/accounts/{id:guid}/timeline", (Guid id, HttpContext context) =>
            WriteAsync(context, data, one: false, Statements.TimelinePage, id)).RequireAuthorization(Roles.Reader);
        app.MapGet("/bare/accounts/{id:guid}/commitments", (Guid id, HttpContext context) =>
            WriteAsync(context, data, one: false, Statements.CommitmentPage, id)).RequireAuthorization(Roles.Reader);
        app.MapGet("/bare/ready", () => Results.Ok()).AllowAnonymous();

        await app.RunAsync();
        return 0;
    }

    private static async Task WriteAsync(HttpContext context, NpgsqlDataSource data, bool one, string sql, params object[] parameters)
    {
        await using var command = data.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
        if (one && !await reader.ReadAsync(context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // Each row's stored JSON as UTF-8 bytes, straight into the response: no string of the page (a page of 50 is some
        // 65 kB, which as one string would be a large-object allocation on every read), so this is a floor, not a strawman.
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = context.Response.BodyWriter;
        if (one)
        {
            body.Write(reader.GetFieldValue<byte[]>(0));
        }
        else
        {
            // The shape of the service's pages: {"items":[...],"next":...}.
            body.Write("{\"items\":["u8);
            var count = 0;
            while (await reader.ReadAsync(context.RequestAborted))
            {
                if (count++ < Bench.PageSize)
                {
                    if (count > 1)
                    {
                        body.Write(","u8);
                    }

                    body.Write(reader.GetFieldValue<byte[]>(0));
                }
            }

            body.Write(count > Bench.PageSize ? "],\"next\":\"more\"}"u8 : "],\"next\":null}"u8);
        }

        await body.FlushAsync(context.RequestAborted);
    }
}

/// <summary>The raw SQL of each page read: the bench's baselines and the bare endpoint run exactly these.</summary>
public static class Statements
{
    /// <summary>The first page of the account list (what <c>GET /api/accounts</c> shows by default).</summary>
    public const string AccountPage =
        "select data from mt_doc_accountstatus where designation_ended = false order by name_key, id limit 51";

    /// <summary>The first timeline page, newest first, by the page index.</summary>
    public const string TimelinePage =
        "select data from mt_doc_timelineentry where account_id = $1 order by business_time desc, sequence desc, revision desc limit 51";

    /// <summary>The first page of an account's commitment register, in the order recorded.</summary>
    public const string CommitmentPage =
        "select data from mt_doc_commitment where account_id = $1 order by id limit 51";
}

using JasperFx;
using Kam.EventStore.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddKamEventStore();
    builder.MaskSecretsWhenDescribing(args);

    var app = builder.Build();

    app.UseKamEventStore();

    if (CommandLine.IsServerRun(args))
    {
        // The web server, started here rather than through JasperFx's command line, whose bypass for ASP.NET flags
        // (--urls) reports success whatever happened and prints a plain-text line into the JSON log stream.
        await app.RunAsync();
        return 0;
    }

    return await app.RunJasperFxCommands(CommandLine.Normalize(args));
}
catch (Exception e) when (e is not HostAbortedException)
{
    await Console.Error.WriteLineAsync(StartFailures.Describe(e));
    return StartFailures.ExitCode;
}

/// <summary>The service's entry point; public so integration tests can host it.</summary>
public partial class Program;

using JasperFx;
using Kam.EventStore.Hosting;
using Kam.EventStore.Store;

try
{
    var app = Build(args);

    if (CommandLine.IsServerRun(args))
    {
        // The web server, started here rather than through JasperFx's command line, whose bypass for ASP.NET flags
        // (--urls) reports success whatever happened and prints a plain-text line into the JSON log stream.
        await app.RunAsync();
        return 0;
    }

    var exitCode = await app.RunJasperFxCommands(CommandLine.Normalize(args));
    if (exitCode == 0 && CommandLine.IsSchemaApply(args))
    {
        // db-apply disposes the host it ran in; the fingerprint that lets instances start without the full schema check is
        // recorded by another, built the same way.
        await using var recorder = Build(args);
        await recorder.RecordSchemaFingerprintAsync();
    }

    return exitCode;
}
catch (Exception e) when (e is not HostAbortedException)
{
    await Console.Error.WriteLineAsync(StartFailures.Describe(e));
    return StartFailures.ExitCode;
}

static WebApplication Build(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddKamEventStore();
    builder.MaskSecretsWhenDescribing(args);

    var app = builder.Build();

    app.UseKamEventStore();
    return app;
}

/// <summary>The service's entry point; public so integration tests can host it.</summary>
public partial class Program;

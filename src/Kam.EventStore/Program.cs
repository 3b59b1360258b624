using JasperFx;
using Kam.EventStore.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddKamEventStore();

var app = builder.Build();

app.UseKamEventStore();

return await app.RunJasperFxCommands(CommandLine.Normalize(args));

/// <summary>The service's entry point; public so integration tests can host it.</summary>
public partial class Program;

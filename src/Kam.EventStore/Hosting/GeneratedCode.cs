using JasperFx.CodeGeneration;
using Wolverine;

namespace Kam.EventStore.Hosting;

/// <summary>
/// Wolverine's handler and endpoint code: generated ahead of time into <c>Internal/Generated</c> (scripts/codegen.sh) and
/// compiled with the service, so outside Development no code is generated at start-up and Roslyn never loads: generating it
/// was half the CPU of a start. Development generates it in memory, so an endpoint being written answers without
/// regenerating. A test fails when the generated code no longer matches the endpoints (GeneratedCodeTests).
/// </summary>
public static class GeneratedCode
{
    /// <summary>Where <c>codegen write</c> writes (relative to the content root); the staleness test points it elsewhere.</summary>
    public const string OutputPathSetting = "Codegen:OutputPath";

    public static void Configure(WolverineOptions options, IHostEnvironment environment, IConfiguration configuration)
    {
        if (configuration[OutputPathSetting] is { Length: > 0 } output)
        {
            options.CodeGeneration.GeneratedCodeOutputPath = output;
        }

        if (environment.IsDevelopment())
        {
            options.UseRuntimeCompilation();
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
        }
        else
        {
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        }
    }
}

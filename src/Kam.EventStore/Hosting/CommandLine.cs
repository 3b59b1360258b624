namespace Kam.EventStore.Hosting;

/// <summary>Command-line spellings the service accepts besides JasperFx's own.</summary>
public static class CommandLine
{
    /// <summary>
    /// No command, or options only (<c>--urls ...</c>): run the web server. Anything else names a command (<c>describe</c>,
    /// <c>db-apply</c>, <c>import</c>, <c>run</c> ...), which JasperFx runs.
    /// </summary>
    public static bool IsServerRun(string[] args) => args.Length == 0 || args[0].StartsWith('-');

    /// <summary><c>db-apply</c>: after it succeeds the service records the schema's fingerprint (SchemaFingerprint).</summary>
    public static bool IsSchemaApply(string[] args) => args is ["db-apply", ..];

    /// <summary>
    /// <c>projections --rebuild</c> (the spelling of older Marten command lines, and of this project's issue tracker) means
    /// today's <c>projections rebuild</c>; everything else passes through unchanged.
    /// </summary>
    public static string[] Normalize(string[] args) =>
        args is ["projections", ..] && args.Contains("--rebuild", StringComparer.Ordinal)
            ? ["projections", "rebuild", .. args.Skip(1).Where(a => a != "--rebuild")]
            : args;
}

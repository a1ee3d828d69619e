namespace LifecycleActors.Cli.CommandLine;

/// <summary>What a command may take from its process besides its arguments; tests give their own.</summary>
/// <param name="Variable">Reads an environment variable; null when unset.</param>
/// <param name="OpenStdin">Standard input, for a file argument of <c>-</c>.</param>
/// <param name="StderrIsTerminal">Whether progress may redraw one line in place instead of writing a line per update.</param>
internal sealed record CliEnvironment(Func<string, string?> Variable, Func<Stream> OpenStdin, bool StderrIsTerminal)
{
    public static CliEnvironment System { get; } = new(Environment.GetEnvironmentVariable, Console.OpenStandardInput, !Console.IsErrorRedirected);
}

using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.Commands;

namespace LifecycleActors.Cli;

/// <summary>The <c>lifecycle</c> command line: dispatches to a command.</summary>
internal static class Program
{
    public const string Usage = $"""
        lifecycle: the Lifecycle Actors command line

        Usage:
          lifecycle <command> [options]

        Commands:
          {LoadCommand.Name}      {LoadCommand.Summary}
          {ImportCommand.Name}    {ImportCommand.Summary}
          {HashPasswordCommand.Name}  {HashPasswordCommand.Summary}

        Run 'lifecycle <command> --help' for the options of a command.
        """;

    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // The first Ctrl+C stops the run cleanly (exit 130); a second one, once cancellation is under way, kills it.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        return await RunAsync(args, Console.Out, Console.Error, cancel.Token);
    }

    /// <param name="environment">Environment variables, stdin and the terminal; the process's when null.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, CliEnvironment? environment = null)
    {
        switch (args.Count == 0 ? null : args[0])
        {
            case null:
                await stderr.WriteLineAsync(Usage);
                return ExitCodes.Usage;
            case "--help" or "-h" or "help":
                await stdout.WriteLineAsync(Usage);
                return ExitCodes.Ok;
            case LoadCommand.Name:
                return await LoadCommand.RunAsync(args.Skip(1).ToList(), stdout, stderr, cancellationToken);
            case ImportCommand.Name:
                return await ImportCommand.RunAsync(args.Skip(1).ToList(), stdout, stderr, environment ?? CliEnvironment.System, cancellationToken);
            case HashPasswordCommand.Name:
                return await HashPasswordCommand.RunAsync(args.Skip(1).ToList(), stdout, stderr, environment ?? CliEnvironment.System);
            case var unknown:
                await stderr.WriteLineAsync($"lifecycle: unknown command '{unknown}'\nRun 'lifecycle --help' for the commands.");
                return ExitCodes.Usage;
        }
    }
}

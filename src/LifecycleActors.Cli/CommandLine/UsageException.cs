namespace LifecycleActors.Cli.CommandLine;

/// <summary>The command line is wrong: the message names the option and what was expected. Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

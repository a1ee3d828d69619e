namespace LifecycleActors.Cli.Service;

/// <summary>The run cannot go on: the server refused the work (401, 400, 413, ...) or retries ran out. Exit code 1.</summary>
internal sealed class RunAbortedException(string message) : Exception(message);

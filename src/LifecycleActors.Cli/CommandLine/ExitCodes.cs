namespace LifecycleActors.Cli.CommandLine;

/// <summary>Process exit codes, stable so that benchmark scripts can branch on them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The work could not be done: the server refused it, or retries ran out.</summary>
    public const int Failed = 1;

    public const int Usage = 2;

    /// <summary>
    /// <c>load</c>, <c>import --wait-applied</c>: the events were acknowledged but not all applied before
    /// <c>--apply-timeout</c>.
    /// </summary>
    public const int NotApplied = 3;

    /// <summary><c>import</c>: the run finished, but events were rejected by the service or could not be read from the input.</summary>
    public const int Rejected = 4;

    /// <summary>Ctrl+C, as shells report SIGINT (128 + 2).</summary>
    public const int Cancelled = 130;
}

namespace LifecycleActors.Harness.Hosting;

/// <summary>
/// The options each harness understands, checked before anything starts: a mistyped option or <c>--help</c> must not
/// set off a run of several minutes with the defaults.
/// </summary>
internal static class HarnessCommandLine
{
    private static readonly Dictionary<string, (string[] Valued, string[] Flags)> Known = new(StringComparer.Ordinal)
    {
        ["scheduler"] = (["--customers", "--window", "--lead", "--scan-interval", "--silo", "--data"], []),
        ["refit"] = (["--customers"], []),
        ["live-latency"] = (["--rate", "--seconds", "--customers", "--warmup", "--in-flight", "--silo", "--data"], []),
        ["limits"] = (["--customers", "--seconds", "--latency-seconds", "--log-seconds", "--active", "--postgres", "--phases", "--silo", "--data"], ["--no-postgres", "--no-sqlite"]),
        ["cluster-ingest"] = (["--silos", "--seconds", "--customers", "--batch", "--workers", "--postgres", "--silo", "--data"], ["--kill"]),
    };

    public static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "help");

    /// <summary>Null when every option of <paramref name="args"/> (the harness name first) is known and has its value; otherwise what is wrong.</summary>
    public static string? Problem(string[] args)
    {
        if (!Known.TryGetValue(args[0], out var known))
        {
            return $"unknown harness '{args[0]}'";
        }

        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (known.Flags.Contains(arg))
            {
                continue;
            }

            if (!known.Valued.Contains(arg))
            {
                return $"{args[0]}: unknown option '{arg}'";
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return $"{args[0]}: {arg} needs a value";
            }

            i++;
        }

        return null;
    }
}

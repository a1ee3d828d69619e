namespace LifecycleActors.Harness.Hosting;

/// <summary>
/// The options each harness understands, checked before anything starts (a mistyped option or <c>--help</c> must not
/// set off a run of several minutes with the defaults), and the usage printed from the same list.
/// </summary>
internal static class HarnessCommandLine
{
    /// <summary>Per harness, its options as the usage shows them: <c>--name value</c> takes a value, <c>--name</c> alone is a flag.</summary>
    private static readonly (string Harness, string[] Options)[] Known =
    [
        ("scheduler", ["--customers N", "--window hh:mm:ss", "--lead hh:mm:ss", "--scan-interval hh:mm:ss", "--customer-grains", "--silo path", "--data dir"]),
        ("refit", ["--customers N"]),
        ("kpis-arithmetic", ["--customers N", "--stored"]),
        ("live-latency", ["--rate N", "--seconds N", "--customers N", "--warmup N", "--in-flight N", "--silo path", "--data dir"]),
        ("limits", ["--customers N", "--seconds N", "--latency-seconds N", "--latency-levels F,F", "--log-seconds N", "--active N", "--cold-customers N", "--cold-seconds N", "--zipf X", "--collection-age N", "--postgres connection-string", "--no-postgres", "--no-sqlite", "--phases abcdef", "--customer-grains", "--silo path", "--data dir"]),
        ("soak", ["--minutes N", "--silos N", "--rate N", "--kill-every N", "--window N", "--customers N", "--batch N", "--postgres connection-string", "--silo path", "--data dir"]),
        ("overload", ["--customers N", "--saturation-seconds N", "--saturation-rate N", "--seconds N", "--load-percent N", "--max-concurrent N", "--queue N", "--max-backlog N", "--no-limit", "--postgres connection-string|throwaway", "--silo path", "--data dir"]),
        ("segment-export", ["--customers N", "--data dir", "--postgres connection-string|throwaway"]),
        ("activation-cost", ["--calls N"]),
        ("kpis-store", ["--customers N", "--postgres connection-string|throwaway"]),
        ("collect", ["--browsers N", "--seconds N", "--batch N", "--silo path", "--data dir"]),
        ("retention", ["--customers N", "--data dir", "--postgres connection-string|throwaway"]),
        ("erasures", ["--storage sqlite|postgres", "--customers N", "--erasures N", "--seconds N", "--requesters N", "--postgres connection-string", "--silo path", "--data dir"]),
        ("cluster-ingest", ["--silos N", "--seconds N", "--customers N", "--batch N", "--workers N", "--kill", "--postgres connection-string", "--silo path", "--data dir", "--db-delay-ms N"]),
        ("append-scaling", ["--writers N,N", "--in-flight N", "--batch N", "--seconds N", "--db-delay-ms N", "--postgres connection-string", "--browsers"]),
    ];

    public static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "help");

    public static string Usage() =>
        "usage:\n" + string.Join('\n', Known.Select(h => $"  harness {h.Harness} {string.Join(' ', h.Options.Select(o => $"[{o}]"))}"));

    /// <summary>Null when every option of <paramref name="args"/> (the harness name first) is known and has its value; otherwise what is wrong.</summary>
    public static string? Problem(string[] args)
    {
        var known = Known.FirstOrDefault(h => h.Harness == args[0]).Options;
        if (known is null)
        {
            return $"{args[0]}: no such harness";
        }

        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            var option = known.FirstOrDefault(o => o.Split(' ')[0] == arg);
            if (option is null)
            {
                return $"{args[0]}: unknown option '{arg}'";
            }

            if (!option.Contains(' ', StringComparison.Ordinal))
            {
                continue;
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

namespace LifecycleActors.Harness.Limits;

/// <summary>The side-by-side table of the limits run, with the ratios and each target met or not.</summary>
internal static class LimitsTable
{
    private const double DurableTarget = 30_000;
    private const double ShareOfAppendTarget = 0.5;
    private const double LatencyTargetMs = 50;
    private const double PerActiveTarget = 2048;

    public static void Print(TextWriter output, RulesLimit.Result rules, IReadOnlyList<BackendLimits> backends, ActiveMemory.Result memory)
    {
        string Row(string what, Func<BackendLimits, string> cell) => $"| {what} | {string.Join(" | ", backends.Select(cell))} |";

        output.WriteLine($"| measurement | {string.Join(" | ", backends.Select(b => b.Name))} |");
        output.WriteLine($"|---|{string.Concat(backends.Select(_ => "---|"))}");
        output.WriteLine(Row($"(a) rules alone in memory, events/s (1 core / {rules.Threads} cores)", _ => Figures.Format($"{rules.OneCore:N0} / {rules.AllCores:N0}")));
        output.WriteLine(Row("(b) event-log append alone, events/s", b => Figures.Rate(b.Append)));
        output.WriteLine(Row("(c) whole service, acknowledged events/s", b => Figures.Rate(b.Saturation.Accepted)));
        output.WriteLine(Row("(c) whole service, durable and applied events/s", b => Figures.Rate(b.Saturation.Applied)));
        output.WriteLine(Row("(c) acknowledgement p50 / p99 at saturation", b => Figures.Format($"{b.Saturation.AckP50:F0} / {b.Saturation.AckP99:F0} ms")));
        output.WriteLine(Row($"(c)/(a), {rules.Threads} cores", b => Figures.Ratio(b.Saturation.Applied, rules.AllCores)));
        output.WriteLine(Row("(c)/(b)", b => Figures.Ratio(b.Saturation.Applied, b.Append)));
        foreach (var fraction in LimitsOptions.LoadLevels)
        {
            output.WriteLine(Row(
                Figures.Format($"(d) ack → transition at {fraction:P0} of (c), p50 / p99"),
                b => b.Levels.FirstOrDefault(l => l.Fraction == fraction) is { } l ? Figures.Format($"{l.P50:F0} / {l.P99:F0} ms ({l.Rate:N0}/s)") : "–"));
        }

        output.WriteLine();
        output.WriteLine("| memory (SQLite silo in this process) | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(Figures.Format($"| (e) heap per active customer ({memory.Activated:N0} active) | {memory.PerActive:N0} B |"));
        output.WriteLine(Figures.Format($"| (e) of which its grain state (built alone) | {memory.StateOnly:N0} B |"));
        output.WriteLine(Figures.Format($"| (e) beyond its state | {memory.PerActive - memory.StateOnly:N0} B |"));
        output.WriteLine(Figures.Format($"| (e) heap per idle, deactivated customer | {memory.PerIdle:N0} B |"));

        output.WriteLine();
        output.WriteLine("targets:");
        foreach (var b in backends)
        {
            Target(output, $"{b.Name}: (c) ≥ 50 % of (b)", b.Saturation.Applied >= ShareOfAppendTarget * b.Append, Figures.Ratio(b.Saturation.Applied, b.Append));
            if (b.Levels.FirstOrDefault(l => l.Fraction == 0.5) is { } half)
            {
                Target(output, $"{b.Name}: (d) p99 ≤ {LatencyTargetMs} ms at 50 %", half.P99 <= LatencyTargetMs, Figures.Format($"{half.P99:F0} ms"));
            }
        }

        if (backends.FirstOrDefault(b => b.Name == "PostgreSQL") is { } postgres)
        {
            Target(output, "PostgreSQL: (c) ≥ 30 000 events/s durable and applied", postgres.Saturation.Applied >= DurableTarget, Figures.Rate(postgres.Saturation.Applied));
        }

        Target(output, "(e) ≤ 2 KiB per active customer beyond its state", memory.PerActive - memory.StateOnly <= PerActiveTarget, Figures.Format($"{memory.PerActive - memory.StateOnly:N0} B"));
        Target(output, "(e) an idle customer costs no memory (< 16 B)", memory.PerIdle < 16, Figures.Format($"{memory.PerIdle:N0} B"));
    }

    private static void Target(TextWriter output, string what, bool met, string measured) =>
        output.WriteLine($"  {(met ? "met    " : "NOT MET")}  {what}: {measured}");
}

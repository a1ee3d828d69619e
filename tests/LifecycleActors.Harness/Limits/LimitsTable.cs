namespace LifecycleActors.Harness.Limits;

/// <summary>The side-by-side table of the limits run, with the ratios and each target met or not ("–": not measured).</summary>
internal static class LimitsTable
{
    private const double DurableTarget = 30_000;
    private const double ShareOfAppendTarget = 0.5;
    private const double ColdShareOfWarmTarget = 0.5;
    private const double LatencyTargetMs = 50;
    private const double PerActiveTarget = 2048;

    public static void Print(TextWriter output, RulesLimit.Result? rules, IReadOnlyList<BackendLimits> backends, ActiveMemory.Result? memory)
    {
        if (backends.Count > 0)
        {
            PrintThroughput(output, rules, backends);
        }

        if (memory is not null)
        {
            output.WriteLine();
            output.WriteLine("| memory (SQLite silo in this process) | value |");
            output.WriteLine("|---|---|");
            output.WriteLine(Figures.Format($"| (e) heap per active customer ({memory.Activated:N0} active) | {memory.PerActive:N0} B |"));
            output.WriteLine(Figures.Format($"| (e) of which its grain state (built alone) | {memory.StateOnly:N0} B |"));
            output.WriteLine(Figures.Format($"| (e) beyond its state | {memory.PerActive - memory.StateOnly:N0} B |"));
            output.WriteLine(Figures.Format($"| (e) heap per idle, deactivated customer | {memory.PerIdle:N0} B |"));
        }

        output.WriteLine();
        output.WriteLine("targets:");
        foreach (var b in backends)
        {
            if (b.Append is { } append && b.Saturation is { } c)
            {
                Target(output, $"{b.Name}: (c) ≥ 50 % of (b)", c.Applied >= ShareOfAppendTarget * append, Figures.Ratio(c.Applied, append));
            }

            if (b.Levels.FirstOrDefault(l => l.Fraction == 0.5) is { } half)
            {
                Target(output, $"{b.Name}: (d) p99 ≤ {LatencyTargetMs} ms at 50 %", half.P99 <= LatencyTargetMs, Figures.Format($"{half.P99:F0} ms"));
            }

            if (b.Cold is { } cold && b.Saturation is { } warm)
            {
                Target(output, $"{b.Name}: (f) mostly cold ≥ 50 % of (c)", cold.Applied >= ColdShareOfWarmTarget * warm.Applied, Figures.Ratio(cold.Applied, warm.Applied));
            }

            if (b.Name == "PostgreSQL" && b.Saturation is { } postgres)
            {
                Target(output, "PostgreSQL: (c) ≥ 30 000 events/s durable and applied", postgres.Applied >= DurableTarget, Figures.Rate(postgres.Applied));
            }
        }

        if (memory is not null)
        {
            Target(output, "(e) ≤ 2 KiB per active customer beyond its state", memory.PerActive - memory.StateOnly <= PerActiveTarget, Figures.Format($"{memory.PerActive - memory.StateOnly:N0} B"));
            Target(output, "(e) an idle customer costs no memory (< 16 B)", memory.PerIdle < 16, Figures.Format($"{memory.PerIdle:N0} B"));
        }
    }

    private static void PrintThroughput(TextWriter output, RulesLimit.Result? rules, IReadOnlyList<BackendLimits> backends)
    {
        string Row(string what, Func<BackendLimits, string> cell) => $"| {what} | {string.Join(" | ", backends.Select(cell))} |";

        output.WriteLine($"| measurement | {string.Join(" | ", backends.Select(b => b.Name))} |");
        output.WriteLine($"|---|{string.Concat(backends.Select(_ => "---|"))}");
        var cores = rules?.Threads ?? Environment.ProcessorCount;
        output.WriteLine(Row($"(a) rules alone in memory, events/s (1 core / {cores} cores)", _ => rules is null ? "–" : Figures.Format($"{rules.OneCore:N0} / {rules.AllCores:N0}")));
        output.WriteLine(Row("(b) event-log append alone, events/s", b => Figures.Rate(b.Append)));
        output.WriteLine(Row("(c) cold pass, one event per customer (each activates), applied events/s", b => Figures.Rate(b.Saturation?.Cold)));
        output.WriteLine(Row("(c) whole service, acknowledged events/s", b => Figures.Rate(b.Saturation?.Accepted)));
        output.WriteLine(Row("(c) whole service, durable and applied events/s", b => Figures.Rate(b.Saturation?.Applied)));
        output.WriteLine(Row("(c) acknowledgement p50 / p99 at saturation", b => b.Saturation is { } c ? Figures.Format($"{c.AckP50:F0} / {c.AckP99:F0} ms") : "–"));
        output.WriteLine(Row($"(c)/(a), {cores} cores", b => Figures.Ratio(b.Saturation?.Applied, rules?.AllCores)));
        output.WriteLine(Row("(c)/(b)", b => Figures.Ratio(b.Saturation?.Applied, b.Append)));
        foreach (var fraction in backends.SelectMany(b => b.Levels).Select(l => l.Fraction).Distinct().Order())
        {
            output.WriteLine(Row(
                Figures.Format($"(d) ack → transition at {fraction:P0} of (c), p50 / p99"),
                b => b.Levels.FirstOrDefault(l => l.Fraction == fraction) is { } l ? Figures.Format($"{l.P50:F0} / {l.P99:F0} ms ({l.Rate:N0}/s)") : "–"));
        }

        output.WriteLine(Row("(f) mostly cold customers (Zipf), durable and applied events/s", b => Figures.Rate(b.Cold?.Applied)));
        output.WriteLine(Row("(f) events that met a cold customer (activations ÷ events)", b => b.Cold is { } f ? Figures.Format($"{f.ColdShare:P0} of {f.Events:N0}") : "–"));
        output.WriteLine(Row("(f) acknowledgement p99", b => b.Cold is { } f ? Figures.Format($"{f.AckP99:F0} ms") : "–"));
        output.WriteLine(Row("(f)/(c)", b => Figures.Ratio(b.Cold?.Applied, b.Saturation?.Applied)));
    }

    private static void Target(TextWriter output, string what, bool met, string measured) =>
        output.WriteLine($"  {(met ? "met    " : "NOT MET")}  {what}: {measured}");
}

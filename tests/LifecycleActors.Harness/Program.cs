using LifecycleActors.Harness.Cluster;
using LifecycleActors.Harness.Collect;
using LifecycleActors.Harness.Erasure;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Kpis;
using LifecycleActors.Harness.Limits;
using LifecycleActors.Harness.Live;
using LifecycleActors.Harness.Model;
using LifecycleActors.Harness.Overload;
using LifecycleActors.Harness.Retention;
using LifecycleActors.Harness.Scheduler;
using LifecycleActors.Harness.Segments;
using LifecycleActors.Harness.Soak;

// Scale harnesses that print their figures: "scheduler" (a real silo, time-driven changes), "refit" (a tenant's
// facts and model over a real read-model database), "live-latency" (a real silo under load, the agents' live feed) and
// "cluster-ingest" (silos on PostgreSQL under load, and the recovery from a killed silo), "append-scaling" (the event
// log's appends alone from 1 and from several silos' writers, the database behind a proxy adding a network's delay)
// and "limits" (the service side by side with the machine's limits: rules alone, raw log appends, saturation, live
// latency, memory per customer),
// "activation-cost" (the CPU a customer not in memory costs before any event: an activation and deactivation),
// "overload" (a silo offered 150 % of its saturation, open loop: what it sheds, what it accepts and how fast, its
// memory), "soak" (a long steady run on a cluster on PostgreSQL with a silo killed every few minutes), "collect"
// (many simulated browsers sending small batches to the browser's way in, beside the events API) and
// "kpis-arithmetic" (the KPI and cohort arithmetic recomputed from a whole history in memory) and "segment-export" (a
// million customers streamed as CSV from a real read model, with rows/s and peak memory) and "erasures" (customers
// erased under live ingest: time from request to done, and what it costs the ingest) and "retention" (a history's old
// entries summarised: entries/s, the appends beside it, the KPIs unchanged).
if (args.Length == 0 || HarnessCommandLine.WantsHelp(args))
{
    return Usage(args.Length == 0 ? 2 : 0);
}

if (HarnessCommandLine.Problem(args) is { } problem)
{
    Console.Error.WriteLine($"harness {problem}");
    return Usage(2);
}

try
{
    return await Run(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"harness {args[0]}: {e.Message}");
    return 2;
}

static async Task<int> Run(string[] args) => args[0] switch
{
    SchedulerHarness.Name => await SchedulerHarness.RunAsync(args[1..]),
    RefitHarness.Name => await RefitHarness.RunAsync(args[1..]),
    KpiArithmeticHarness.Name => await KpiArithmeticHarness.RunAsync(args[1..]),
    KpiStoreHarness.Name => await KpiStoreHarness.RunAsync(args[1..]),
    LiveLatencyHarness.Name => await LiveLatencyHarness.RunAsync(args[1..]),
    ClusterIngestHarness.Name => await ClusterIngestHarness.RunAsync(args[1..]),
    AppendScalingHarness.Name => await AppendScalingHarness.RunAsync(args[1..]),
    LimitsHarness.Name => await LimitsHarness.RunAsync(args[1..]),
    ActivationCostHarness.Name => await ActivationCostHarness.RunAsync(args[1..]),
    SoakHarness.Name => await SoakHarness.RunAsync(args[1..]),
    OverloadHarness.Name => await OverloadHarness.RunAsync(args[1..]),
    CollectHarness.Name => await CollectHarness.RunAsync(args[1..]),
    ExportHarness.Name => await ExportHarness.RunAsync(args[1..]),
    ErasureHarness.Name => await ErasureHarness.RunAsync(args[1..]),
    RetentionHarness.Name => await RetentionHarness.RunAsync(args[1..]),
    _ => Usage(2),
};

static int Usage(int exitCode)
{
    Console.Error.WriteLine(HarnessCommandLine.Usage());
    return exitCode;
}

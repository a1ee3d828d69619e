using LifecycleActors.Harness.Model;
using LifecycleActors.Harness.Scheduler;

// Scale harnesses that print their figures: "scheduler" (a real silo, time-driven changes) and "refit" (a tenant's
// facts and model over a real read-model database).
return args.Length == 0 ? Usage() : args[0] switch
{
    SchedulerHarness.Name => await SchedulerHarness.RunAsync(args[1..]),
    RefitHarness.Name => await RefitHarness.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          harness scheduler [--customers N] [--window hh:mm:ss] [--lead hh:mm:ss] [--scan-interval hh:mm:ss] [--silo path] [--data dir]
          harness refit [--customers N]
        """);
    return 2;
}

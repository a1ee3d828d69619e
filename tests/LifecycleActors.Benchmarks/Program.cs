using BenchmarkDotNet.Running;
using LifecycleActors.Benchmarks.Scheduler;

// "scheduler" runs the time-driven scale harness against a real silo; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == SchedulerHarness.Name)
{
    return await SchedulerHarness.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(LifecycleActors.Benchmarks.RulesBenchmark).Assembly).Run(args);
return 0;

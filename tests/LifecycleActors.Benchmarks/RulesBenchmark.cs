using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Benchmarks;

/// <summary>Events applied per second on one core by the pure rules library (the in-process limit).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class RulesBenchmark
{
    private const int Events = 1_000_000;

    private CustomerEvent[] _events = [];
    private InProcessRules _target = new();

    [Params(100_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void GenerateEvents() => _events = InProcessRules.Workload(Events, Customers);

    [IterationSetup]
    public void FreshStates() => _target = new InProcessRules();

    /// <summary>One operation is one event; events/s = 1 / mean.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long ApplyRealisticMix() => _target.Apply(_events);
}

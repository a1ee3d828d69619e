using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(LifecycleActors.Benchmarks.RulesBenchmark).Assembly).Run(args);

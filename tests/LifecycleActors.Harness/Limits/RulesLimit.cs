using System.Diagnostics;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// (a) The in-process limit: the same traffic as the service gets, applied by the rules library to states held in
/// dictionaries, with no I/O, no Orleans and no serialization; on one core, and on every core with the customers
/// split between threads.
/// </summary>
internal static class RulesLimit
{
    public sealed record Result(double OneCore, double AllCores, int Threads, long Events);

    public static Result Measure(int customers, int eventsPerCustomer)
    {
        var shop = new FailoverShop("rules", customers, DateTimeOffset.UtcNow);
        var events = new CustomerEvent[(long)customers * eventsPerCustomer];
        for (var k = 0; k < eventsPerCustomer; k++)
        {
            for (var c = 0; c < customers; c++)
            {
                events[((long)k * customers) + c] = shop.Event(c, k);
            }
        }

        var oneCore = Run(events, 1);
        var threads = Environment.ProcessorCount;
        var allCores = threads > 1 ? Run(events, threads) : oneCore;
        return new Result(oneCore, allCores, threads, events.LongLength);
    }

    /// <summary>Events per second with the customers split over <paramref name="threads"/> threads by index.</summary>
    private static double Run(CustomerEvent[] events, int threads)
    {
        var rules = new CustomerRules(new RuleOptions());
        var facts = new TenantFacts(1500m, 30);
        var now = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            var states = new Dictionary<string, CustomerState>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                if ((e.CustomerId.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % threads != part)
                {
                    continue;
                }

                if (!states.TryGetValue(e.CustomerId, out var state))
                {
                    state = new CustomerState();
                    states.Add(e.CustomerId, state);
                }

                rules.Apply(state, e, facts, now);
            }
        });
        return events.LongLength / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}

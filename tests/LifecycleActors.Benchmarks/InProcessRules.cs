using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Traffic;

namespace LifecycleActors.Benchmarks;

/// <summary>
/// The in-process limit: the rules applied to customer states held in a dictionary, with referral messages
/// sent directly. No I/O, no Orleans, no serialization.
/// </summary>
public sealed class InProcessRules
{
    private readonly CustomerRules _rules = new(new RuleOptions());
    private readonly TenantFacts _facts = new(1500m, 30);
    private readonly Dictionary<string, CustomerState> _states = new(StringComparer.Ordinal);

    public int Customers => _states.Count;

    public CustomerState StateOf(string customerId)
    {
        if (!_states.TryGetValue(customerId, out var state))
        {
            state = new CustomerState();
            _states.Add(customerId, state);
        }

        return state;
    }

    /// <summary>Applies the events in order with the service clock at each event's time; returns transitions.</summary>
    public long Apply(CustomerEvent[] events)
    {
        long transitions = 0;
        foreach (var e in events)
        {
            var outcome = _rules.Apply(StateOf(e.CustomerId), e, _facts, e.OccurredAt);
            transitions += outcome.Transitions.Count;
            foreach (var message in outcome.Messages)
            {
                var target = StateOf(message.TargetCustomerId);
                var reply = message.Kind == CustomerMessageKind.RegisterReferral
                    ? _rules.ApplyReferrerRegistered(target, e.CustomerId)
                    : _rules.ApplyReferralConverted(target, e.CustomerId, _facts, e.OccurredAt);
                transitions += reply.Transitions.Count;
            }
        }

        return transitions;
    }

    /// <summary>A realistic mix over <paramref name="customers"/> ids: about 30 days of a busy shop's traffic.</summary>
    public static CustomerEvent[] Workload(int events, int customers, int seed = 7) =>
        new StorefrontTraffic(seed, customers, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(2.5))
            .Take(events)
            .ToArray();
}

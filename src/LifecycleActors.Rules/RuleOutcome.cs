namespace LifecycleActors.Rules;

/// <summary>What a customer asks of another customer of the same tenant (referrals cross customers).</summary>
public enum CustomerMessageKind
{
    /// <summary>To a referred customer: "I referred you"; it answers with <see cref="ReferralConverted"/> once it has an order.</summary>
    RegisterReferral,

    /// <summary>To a referrer: "the customer you referred has placed an order".</summary>
    ReferralConverted,
}

/// <summary>A message for another customer; the sender is the customer whose rules produced it.</summary>
public sealed record CustomerMessage(CustomerMessageKind Kind, string TargetCustomerId);

/// <summary>The result of one rules call.</summary>
/// <param name="NextChangeAt">The next instant at which the state changes by time alone; null when none will.</param>
public sealed record RuleOutcome(
    IReadOnlyList<Transition> Transitions,
    IReadOnlyList<CustomerMessage> Messages,
    DateTimeOffset? NextChangeAt)
{
    public bool Changed => Transitions.Count > 0;
}

using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Tests;

/// <summary>Drives one customer through the rules on a day-based timeline starting at <see cref="Day0"/>.</summary>
internal sealed class CustomerDriver(TenantFacts? facts = null, RuleOptions? options = null)
{
    public static readonly DateTimeOffset Day0 = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private int _nextEvent;

    public CustomerRules Rules { get; } = new(options ?? new RuleOptions());

    public CustomerState State { get; } = new();

    public TenantFacts Facts { get; set; } = facts ?? TenantFacts.None;

    public List<Transition> Transitions { get; } = [];

    public List<CustomerMessage> Messages { get; } = [];

    public static DateTimeOffset Day(double day) => Day0 + TimeSpan.FromDays(day);

    public CustomerDriver Order(double day, decimal amount, string? orderId = null, string? eventId = null) =>
        Apply(CustomerEvent.Order(eventId ?? NextId(), "c-1", Day(day), orderId ?? $"o-{_nextEvent}", amount));

    public CustomerDriver Refund(double day, string orderId, decimal amount) =>
        Apply(CustomerEvent.Refund(NextId(), "c-1", Day(day), orderId, amount));

    public CustomerDriver Review(double day, int rating) => Apply(CustomerEvent.Review(NextId(), "c-1", Day(day), rating));

    public CustomerDriver Nps(double day, int score) => Apply(CustomerEvent.Nps(NextId(), "c-1", Day(day), score));

    public CustomerDriver Referral(double day, string referred) => Apply(CustomerEvent.Referral(NextId(), "c-1", Day(day), referred));

    public CustomerDriver Simple(double day, EventType type) => Apply(CustomerEvent.Simple(NextId(), "c-1", type, Day(day)));

    /// <summary>Applies an event with the service clock at the event's own time (or later when given).</summary>
    public CustomerDriver Apply(CustomerEvent e, DateTimeOffset? now = null) =>
        Record(Rules.Apply(State, e, Facts, now ?? e.OccurredAt));

    public CustomerDriver Converted(double day, string referred) =>
        Record(Rules.ApplyReferralConverted(State, referred, Facts, Day(day)));

    public CustomerDriver AdvanceTo(DateTimeOffset now) => Record(Rules.Advance(State, Facts, now));

    public CustomerDriver AdvanceTo(double day) => AdvanceTo(Day(day));

    public CustomerView View(double day) => Rules.View(State, Facts, Day(day));

    public CustomerView View(DateTimeOffset now) => Rules.View(State, Facts, now);

    public Transition Last(TransitionKind kind) => Transitions.Last(t => t.Kind == kind);

    private CustomerDriver Record(RuleOutcome outcome)
    {
        Transitions.AddRange(outcome.Transitions);
        Messages.AddRange(outcome.Messages);
        return this;
    }

    private string NextId() => $"e-{++_nextEvent}";
}

using System.Globalization;
using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Evaluation;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Grains;

/// <summary>Maps between wire records and the rules' types.</summary>
public static class EventMapping
{
    public static CustomerEvent ToRules(this LoggedEvent e)
    {
        if (!EventTypes.TryParse(e.Type, out var type))
        {
            throw new InvalidOperationException($"log entry {e.Position} has unknown type '{e.Type}'");
        }

        return new CustomerEvent(e.EventId, e.CustomerId, type, e.OccurredAt)
        {
            OrderId = e.OrderId,
            Amount = e.Amount,
            Rating = e.Rating,
            Score = e.Score,
            ReferredCustomerId = e.ReferredCustomerId,
        };
    }

    public static TransitionRecord ToRecord(this Transition t, string tenant, string customerId, DateTimeOffset detectedAt) =>
        new(tenant, customerId, t.Kind.ToWireName(), t.From, t.To, t.At, detectedAt, t.Sequence, t.Reason, t.ReasonCode, t.ReasonArgs);

    public static CustomerProfile ToProfile(this CustomerView view, string customerId, DateTimeOffset? updatedAt, int eventsApplied) => new()
    {
        CustomerId = customerId,
        Stage = view.Stage.ToWireName(),
        Vip = view.Vip,
        Advocate = view.Advocate,
        Orders = view.Orders,
        NetSpend = view.NetSpend,
        Spend365 = view.Spend365,
        Aov = view.Aov,
        LastOrderAt = view.LastOrderAt,
        ExpectedGapDays = Math.Round(view.ExpectedGapDays, 2),
        NextOrderExpectedAt = view.NextOrderExpectedAt,
        LapseAt = view.LapseAt,
        EngagementScore = view.EngagementScore,
        Temperature = view.Temperature.ToString().ToLower(CultureInfo.InvariantCulture),
        AdvocacyPoints = view.Advocacy.Points,
        PAlive = view.Prediction?.PAlive,
        ExpectedOrders90d = view.Prediction?.ExpectedOrders90d,
        PredictedClv365 = view.Prediction?.PredictedClv365,
        Unsubscribed = view.Unsubscribed,
        UpdatedAt = updatedAt,
        EventsApplied = eventsApplied,
    };
}

using LifecycleActors.Rules.Evaluation;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.Prediction;
using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules;

/// <summary>
/// The lifecycle rules of contract §3 over one customer's <see cref="CustomerState"/>. Pure: no clock, no I/O; the
/// caller passes the service time <c>now</c> and the tenant facts. A customer's time never runs backwards: a
/// <c>now</c> earlier than the last evaluation is treated as that evaluation's time.
/// </summary>
/// <remarks>
/// Events must reach <see cref="Apply"/> at most once per event id (the event log's unique key guarantees it);
/// repeated orders under new event ids are recognised here by their order id.
/// </remarks>
public sealed class CustomerRules
{
    private readonly RuleOptions _options;

    public CustomerRules(RuleOptions options)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException($"Invalid rule option {problem}", nameof(options));
        }

        _options = options;
    }

    public RuleOptions Options => _options;

    /// <summary>Applies one event at service time <paramref name="now"/>, after any time-driven change due by then.</summary>
    public RuleOutcome Apply(CustomerState state, CustomerEvent e, TenantFacts facts, DateTimeOffset now)
    {
        var output = new Output(state);
        now = AdvanceTo(state, facts, now, output);
        var ordersBefore = state.OrderCount;
        var lastOrderBefore = state.LastOrderAt;
        var affectsFlags = Mutate(state, e, output);

        state.EventsApplied++;
        state.NewestEventAt = state.NewestEventAt is { } newest ? Days.Max(newest, e.OccurredAt) : e.OccurredAt;
        OrderBook.Fold(state, facts, _options);

        if (ordersBefore == 0 && state.OrderCount > 0)
        {
            foreach (var referrer in state.Referrers)
            {
                output.Send(CustomerMessageKind.ReferralConverted, referrer);
            }

            state.Referrers.Clear();
        }

        if (affectsFlags)
        {
            var withoutOrder = lastOrderBefore is { } before ? Days.Between(before, e.OccurredAt) : (double?)null;
            Publish(state, facts, now, e.OccurredAt, new Cause(e, false, withoutOrder, state.PurchaseDays.Count), output);
            Schedule(state, facts, now);
        }

        return output.Build();
    }

    /// <summary>
    /// Brings the customer to service time <paramref name="now"/>: publishes the time-driven transitions due by
    /// then, each at its own instant, then any change caused by new tenant facts.
    /// </summary>
    public RuleOutcome Advance(CustomerState state, TenantFacts facts, DateTimeOffset now)
    {
        var output = new Output(state);
        AdvanceTo(state, facts, now, output);
        return output.Build();
    }

    /// <summary>The customer this one referred has placed an order (a message from the referred customer).</summary>
    public RuleOutcome ApplyReferralConverted(CustomerState state, string referredCustomerId, TenantFacts facts, DateTimeOffset now)
    {
        var output = new Output(state);
        now = AdvanceTo(state, facts, now, output);
        AdvocacyBook.Convert(state, referredCustomerId, _options);
        Publish(state, facts, now, now, default, output);
        Schedule(state, facts, now);
        return output.Build();
    }

    /// <summary>
    /// Another customer was erased: its id leaves this customer's state, and referrals it counted keep their weight
    /// under <paramref name="pseudonym"/>. True when the state changed (points and stage do not).
    /// </summary>
    public bool ForgetCustomer(CustomerState state, string customerId, string pseudonym) => AdvocacyBook.Forget(state, customerId, pseudonym);

    /// <summary>
    /// A customer says it referred this one: answer at once when this customer has an order, else remember the
    /// referrer until the first order.
    /// </summary>
    public RuleOutcome ApplyReferrerRegistered(CustomerState state, string referrerCustomerId)
    {
        var output = new Output(state);
        if (state.OrderCount > 0)
        {
            output.Send(CustomerMessageKind.ReferralConverted, referrerCustomerId);
        }
        else if (!state.Referrers.Contains(referrerCustomerId))
        {
            state.Referrers.Add(referrerCustomerId);
            if (state.Referrers.Count > _options.MaxTrackedReferrers)
            {
                state.Referrers.RemoveAt(0);
            }
        }

        return output.Build();
    }

    /// <summary>The derived state at <paramref name="now"/>, as the rules define it (whatever was published).</summary>
    public CustomerView View(CustomerState state, TenantFacts facts, DateTimeOffset now)
    {
        var cadence = Cadence.Of(state, facts, _options);
        var orders = state.OrderCount;
        var netSpend = OrderBook.NetSpend(state);
        var last = state.LastOrderAt;
        var score = Engagement.Score(Engagement.RawAt(state, now, _options));
        var days = state.PurchaseDays;
        var advocacy = AdvocacyRule.At(state, _options, now);
        return new CustomerView(
            StageRule.At(state, cadence, now),
            VipRule.At(state, facts, _options, now),
            advocacy.Advocate,
            orders,
            netSpend,
            new SpendHistory(state, _options).At(now),
            orders > 0 ? Math.Round(netSpend / orders, 2) : null,
            last,
            days.Count,
            days.Count > 0 ? DateOnly.FromDayNumber(days[0].Day) : null,
            days.Count > 0 ? DateOnly.FromDayNumber(days[^1].Day) : null,
            cadence.ExpectedGapDays,
            cadence.Source,
            last + Days.Span(cadence.ExpectedGapDays),
            last + cadence.Lapse,
            score,
            Engagement.TemperatureOf(score),
            advocacy,
            state.UnsubscribedAt is not null,
            state.Sequence,
            state.NextChangeAt,
            PredictionRule.At(state, facts, now));
    }

    /// <summary>The next instant after <paramref name="now"/> at which stage or a flag changes by time alone.</summary>
    public DateTimeOffset? NextChange(CustomerState state, TenantFacts facts, DateTimeOffset now) =>
        NextChangeFrom(state, facts, now, VipRule.At(state, facts, _options, now), AdvocacyRule.At(state, _options, now).Advocate);

    private DateTimeOffset AdvanceTo(CustomerState state, TenantFacts facts, DateTimeOffset now, Output output)
    {
        if (state.EvaluatedAt is not { } evaluatedAt)
        {
            state.Facts = facts;
            state.EvaluatedAt = now;
            return now;
        }

        now = Days.Max(now, evaluatedAt);
        while (state.NextChangeAt is { } due && due <= now)
        {
            Publish(state, state.Facts, due, at: null, Cause.Time, output);
            state.EvaluatedAt = due;
            Schedule(state, state.Facts, due);
        }

        state.EvaluatedAt = now;
        if (facts != state.Facts)
        {
            if (facts.VipThreshold != state.Facts.VipThreshold)
            {
                // Hysteresis across a new threshold: the flag held until now is where the spend history starts.
                state.VipMemo = new VipMemo(now, state.Vip);
            }

            state.Facts = facts;
            Publish(state, facts, now, now, new Cause(null, true, null, state.PurchaseDays.Count), output);
            Schedule(state, facts, now);
        }

        return now;
    }

    private bool Mutate(CustomerState state, CustomerEvent e, Output output)
    {
        switch (e.Type)
        {
            case EventType.OrderPlaced:
                return OrderBook.Place(state, e, _options) != OrderBook.OrderEffect.Ignored;
            case EventType.OrderRefunded:
                OrderBook.Refund(state, e);
                return true;
            case EventType.ReviewSubmitted:
                Engagement.Add(state, e.Type.EngagementWeight(), e.OccurredAt, _options);
                if (e.Rating >= 4)
                {
                    AdvocacyBook.AddMark(state.GoodReviews, e);
                    return true;
                }

                return false;
            case EventType.SocialShare:
                Engagement.Add(state, e.Type.EngagementWeight(), e.OccurredAt, _options);
                AdvocacyBook.AddMark(state.Shares, e);
                return true;
            case EventType.NpsResponse:
                Engagement.Add(state, e.Type.EngagementWeight(), e.OccurredAt, _options);
                AdvocacyBook.AddNps(state, e);
                return true;
            case EventType.ReferralMade:
                Engagement.Add(state, e.Type.EngagementWeight(), e.OccurredAt, _options);
                AdvocacyBook.AddReferral(state, e, _options);
                output.Send(CustomerMessageKind.RegisterReferral, e.ReferredCustomerId!);
                return true;
            case EventType.Identify:
                // The link itself changes nothing: the anonymous visitor's events are applied as events of their own.
                return false;
            case EventType.Unsubscribed:
                state.UnsubscribedAt = state.UnsubscribedAt is { } at && at < e.OccurredAt ? at : e.OccurredAt;
                return false;
            default:
                Engagement.Add(state, e.Type.EngagementWeight(), e.OccurredAt, _options);
                return false;
        }
    }

    /// <summary>
    /// Compares the stage and flags at <paramref name="evaluatedAt"/> with the published ones and publishes each
    /// difference. <paramref name="at"/> null marks a time-driven change, stamped with its threshold instant.
    /// </summary>
    private void Publish(CustomerState state, TenantFacts facts, DateTimeOffset evaluatedAt, DateTimeOffset? at, Cause cause, Output output)
    {
        var timeDriven = at is null;
        var cadence = Cadence.Of(state, facts, _options);
        var stage = StageRule.At(state, cadence, evaluatedAt);
        if (stage != state.Stage)
        {
            var last = state.LastOrderAt;
            var recency = last is { } l ? Days.Between(l, evaluatedAt) : 0;
            var stamp = at ?? ThresholdInstant(stage, last, cadence) ?? evaluatedAt;
            var reason = Reasons.WithCause(Reasons.Stage(state.Stage, stage, cadence, recency, _options, cause), cause);
            if (stage is Stage.AtRisk or Stage.Lapsed or Stage.Churned && PredictionRule.At(state, facts, evaluatedAt) is { } prediction)
            {
                reason = reason.With(
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; pAlive {prediction.PAlive:0.00}"),
                    "pAlive",
                    Math.Round(prediction.PAlive, 2));
            }

            output.Publish(TransitionKind.Stage, state.Stage.ToWireName(), stage.ToWireName(), stamp, reason, timeDriven);
            state.Stage = stage;
        }

        var vip = VipRule.At(state, facts, _options, evaluatedAt);
        if (vip != state.Vip)
        {
            var spend = new SpendHistory(state, _options).At(evaluatedAt);
            var reason = vip
                ? Reasons.VipEntered(spend, facts.VipThreshold!.Value, facts.VipThreshold.Value * _options.VipExitRatio, facts.VipBasis)
                : Reasons.VipLeft(spend, facts.VipThreshold, _options.VipExitRatio);
            output.Publish(TransitionKind.Vip, Flag(state.Vip), Flag(vip), at ?? evaluatedAt, Reasons.WithCause(reason, cause), timeDriven);
            state.Vip = vip;
        }

        var advocacy = AdvocacyRule.At(state, _options, evaluatedAt);
        if (advocacy.Advocate != state.Advocate)
        {
            var reason = Reasons.WithCause(Reasons.Advocacy(advocacy, _options), cause);
            output.Publish(TransitionKind.Advocate, Flag(state.Advocate), Flag(advocacy.Advocate), at ?? evaluatedAt, reason, timeDriven);
            state.Advocate = advocacy.Advocate;
        }
    }

    /// <summary>Schedules from the published flags, which equal the evaluated ones after a publish.</summary>
    private void Schedule(CustomerState state, TenantFacts facts, DateTimeOffset now) =>
        state.NextChangeAt = NextChangeFrom(state, facts, now, state.Vip, state.Advocate);

    private DateTimeOffset? NextChangeFrom(CustomerState state, TenantFacts facts, DateTimeOffset now, bool vipNow, bool advocateNow)
    {
        var stage = StageRule.NextChange(state, Cadence.Of(state, facts, _options), now);
        var vip = VipRule.NextChange(state, facts, _options, now, vipNow);
        var advocate = AdvocacyRule.NextChange(state, _options, now, advocateNow);
        return Days.Min(stage, Days.Min(vip, advocate));
    }

    private static DateTimeOffset? ThresholdInstant(Stage stage, DateTimeOffset? lastOrderAt, Cadence cadence) => stage switch
    {
        Stage.AtRisk => lastOrderAt + cadence.AtRisk,
        Stage.Lapsed => lastOrderAt + cadence.Lapse,
        Stage.Churned => lastOrderAt + cadence.Churn,
        _ => null,
    };

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>Collects transitions (numbering them) and messages of one call.</summary>
    private sealed class Output(CustomerState state)
    {
        private readonly List<Transition> _transitions = [];
        private readonly List<CustomerMessage> _messages = [];

        public void Publish(TransitionKind kind, string from, string to, DateTimeOffset at, Reason reason, bool timeDriven) =>
            _transitions.Add(new Transition(kind, from, to, at, ++state.Sequence, reason.Text, timeDriven, reason.Code, reason.Args.ToJson()));

        public void Send(CustomerMessageKind kind, string target) => _messages.Add(new CustomerMessage(kind, target));

        public RuleOutcome Build() => new(_transitions, _messages, state.NextChangeAt);
    }
}

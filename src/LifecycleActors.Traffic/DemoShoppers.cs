using LifecycleActors.Rules.Events;

namespace LifecycleActors.Traffic;

/// <summary>
/// A believable small shop for the demo, in time order: customers keep arriving over the period, sign up and buy at
/// their own cadence (a few big spenders who become VIPs), open emails between orders, sometimes refund, and after a
/// number of orders drift away, so they go at risk, lapse and churn on schedule; some come back months later.
/// Advocates review, share and refer friends, who then arrive and buy. Deterministic for a seed.
/// </summary>
public sealed class DemoShoppers
{
    private enum Step
    {
        Arrive,
        Order,
        Engage,
        Refund,
        Return,
        Advocate,
    }

    private readonly Random _random;
    private readonly DemoShopper[] _shoppers;
    private readonly PriorityQueue<(DemoShopper Shopper, Step Step), (long Ticks, long Order)> _agenda = new();
    private readonly string _idPrefix;
    private long _sequence;

    /// <param name="customers">How many customers the shop gets (ids <c>shopper-0001</c> …).</param>
    /// <param name="start">When the first customers arrive.</param>
    /// <param name="arrivalDays">A third of the customers are there at the start; the others arrive over this many days.</param>
    /// <param name="idPrefix">Prefix of event and order ids, distinct per run so that runs do not collide.</param>
    public DemoShoppers(int seed, int customers, DateTimeOffset start, double arrivalDays, string idPrefix)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 10);
        _random = new Random(seed);
        _idPrefix = idPrefix;
        _shoppers = new DemoShopper[customers];
        for (var i = 0; i < customers; i++)
        {
            var shopper = _shoppers[i] = Profile(i);
            var arrival = Days(_random.NextDouble() * (i < customers / 3 ? 3 : arrivalDays));
            Schedule(shopper, Step.Arrive, start + arrival);
        }
    }

    /// <summary>The events that happen up to <paramref name="until"/>, in time order.</summary>
    public IEnumerable<CustomerEvent> Until(DateTimeOffset until)
    {
        while (_agenda.TryPeek(out var next, out var when) && when.Ticks <= until.UtcTicks)
        {
            _agenda.Dequeue();
            var at = new DateTimeOffset(when.Ticks, TimeSpan.Zero);
            foreach (var e in Act(next.Shopper, next.Step, at))
            {
                // A session may overlap the end of the previous one: a customer's own events never go back in time.
                var stamped = e.OccurredAt > next.Shopper.LastEventAt ? e : e with { OccurredAt = next.Shopper.LastEventAt.AddSeconds(1) };
                next.Shopper.LastEventAt = stamped.OccurredAt;
                yield return stamped;
            }
        }
    }

    private IEnumerable<CustomerEvent> Act(DemoShopper shopper, Step step, DateTimeOffset at) => step switch
    {
        Step.Arrive => Arrive(shopper, at),
        Step.Order => Order(shopper, at),
        Step.Engage => Engage(shopper, at),
        Step.Refund => Refund(shopper, at),
        Step.Advocate => Advocate(shopper, at),
        _ => Return(shopper, at),
    };

    private IEnumerable<CustomerEvent> Arrive(DemoShopper shopper, DateTimeOffset at)
    {
        if (shopper.Arrived)
        {
            yield break;
        }

        shopper.Arrived = true;
        yield return Simple(shopper, EventType.Signup, at);
        yield return Simple(shopper, EventType.Visit, at.AddMinutes(2));
        // Most buy within the first week; the others stay prospects and keep reading emails.
        if (_random.NextDouble() < 0.8)
        {
            Schedule(shopper, Step.Order, at + Days(_random.NextDouble() * 7));
        }

        Schedule(shopper, Step.Engage, at + Days(2 + (_random.NextDouble() * 6)));
    }

    private IEnumerable<CustomerEvent> Order(DemoShopper shopper, DateTimeOffset at)
    {
        var orderId = $"{_idPrefix}-o{++_sequence}";
        var amount = Math.Round(shopper.Basket * (decimal)(0.6 + (0.8 * _random.NextDouble())), 2);
        shopper.Orders++;
        shopper.OrdersLeft--;
        shopper.LastOrderId = orderId;
        // A customer's own events always move forward in time: the visit starts the session, the order ends it.
        yield return Simple(shopper, EventType.Visit, at);
        yield return Simple(shopper, EventType.CartUpdated, at.AddMinutes(8));
        yield return Simple(shopper, EventType.CheckoutStarted, at.AddMinutes(15));
        yield return CustomerEvent.Order(NextId(), shopper.Id, at.AddMinutes(20), orderId, amount);
        if (_random.NextDouble() < 0.04)
        {
            Schedule(shopper, Step.Refund, at + Days(2 + (_random.NextDouble() * 5)));
        }

        if (shopper.Advocate && shopper.Orders % 2 == 0)
        {
            Schedule(shopper, Step.Advocate, at + Days(1 + _random.NextDouble()));
        }

        if (shopper.OrdersLeft > 0)
        {
            Schedule(shopper, Step.Order, at + Days(shopper.GapDays * Math.Exp(0.35 * Gaussian())));
        }
        else if (_random.NextDouble() < 0.3)
        {
            Schedule(shopper, Step.Return, at + Days(150 + (_random.NextDouble() * 200)));
        }
    }

    private IEnumerable<CustomerEvent> Advocate(DemoShopper shopper, DateTimeOffset at)
    {
        yield return CustomerEvent.Review(NextId(), shopper.Id, at, 5);
        yield return Simple(shopper, EventType.SocialShare, at.AddHours(1));
        // Referred friends are customers who have not arrived yet: they arrive within days.
        var friends = _shoppers.Where(s => !s.Arrived && s.Index != shopper.Index).Take(2 + _random.Next(3)).ToList();
        foreach (var (friend, i) in friends.Select((f, i) => (f, i)))
        {
            yield return CustomerEvent.Referral(NextId(), shopper.Id, at.AddHours(2 + i), friend.Id);
            Schedule(friend, Step.Arrive, at + Days(1 + (_random.NextDouble() * 5)));
        }
    }

    private IEnumerable<CustomerEvent> Engage(DemoShopper shopper, DateTimeOffset at)
    {
        var roll = _random.NextDouble();
        if (!shopper.Unsubscribed && roll < 0.005)
        {
            shopper.Unsubscribed = true;
            yield return Simple(shopper, EventType.Unsubscribed, at);
        }
        else if (!shopper.Unsubscribed && roll < 0.6)
        {
            yield return Simple(shopper, EventType.EmailOpened, at);
            if (_random.NextDouble() < 0.4)
            {
                yield return Simple(shopper, EventType.EmailClicked, at.AddMinutes(1));
                yield return Simple(shopper, EventType.Visit, at.AddMinutes(2));
            }
        }
        else if (roll < 0.9)
        {
            yield return Simple(shopper, EventType.Visit, at);
        }
        else if (roll < 0.95)
        {
            yield return CustomerEvent.Nps(NextId(), shopper.Id, at, shopper.Advocate ? 9 + _random.Next(2) : Math.Min(10, 5 + _random.Next(7)));
        }
        else
        {
            yield return Simple(shopper, EventType.SupportContact, at);
        }

        // Active customers engage every few days; those who drifted away rarely.
        var pause = shopper.OrdersLeft > 0 ? 3 + (_random.NextDouble() * 7) : 20 + (_random.NextDouble() * 40);
        Schedule(shopper, Step.Engage, at + Days(pause));
    }

    private IEnumerable<CustomerEvent> Refund(DemoShopper shopper, DateTimeOffset at)
    {
        if (shopper.LastOrderId is { } order)
        {
            yield return CustomerEvent.Refund(NextId(), shopper.Id, at, order, Math.Round(shopper.Basket / 3, 2));
        }
    }

    private IEnumerable<CustomerEvent> Return(DemoShopper shopper, DateTimeOffset at)
    {
        shopper.OrdersLeft = 1 + _random.Next(4);
        yield return Simple(shopper, EventType.EmailClicked, at);
        Schedule(shopper, Step.Order, at + Days(_random.NextDouble() * 3));
    }

    private DemoShopper Profile(int index)
    {
        var bigSpender = _random.NextDouble() < 0.05;
        var basket = 55 * Math.Exp(0.5 * Gaussian()) * (bigSpender ? 10 : 1);
        return new DemoShopper(index, $"shopper-{index + 1:D4}")
        {
            GapDays = Math.Clamp(35 * Math.Exp(0.5 * Gaussian()) * (bigSpender ? 0.6 : 1), 8, 120),
            Basket = Math.Round((decimal)basket, 2),
            OrdersLeft = bigSpender ? 8 + _random.Next(12) : 1 + (int)(-Math.Log(1 - _random.NextDouble()) * 4),
            Advocate = _random.NextDouble() < 0.08,
        };
    }

    private void Schedule(DemoShopper shopper, Step step, DateTimeOffset at) => _agenda.Enqueue((shopper, step), (at.UtcTicks, ++_sequence));

    private CustomerEvent Simple(DemoShopper shopper, EventType type, DateTimeOffset at) => CustomerEvent.Simple(NextId(), shopper.Id, type, at);

    private string NextId() => $"{_idPrefix}-{++_sequence}";

    private static TimeSpan Days(double days) => TimeSpan.FromDays(days);

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

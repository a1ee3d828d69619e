using LifecycleActors.Rules.Events;

namespace LifecycleActors.Traffic;

/// <summary>
/// A deterministic stream of storefront events over a population of customers, in time order. The mix follows a
/// typical shop: mostly visits and email engagement, carts and checkouts, about one order in twelve events, few
/// refunds, reviews, shares, NPS answers, referrals and unsubscribes. Some customers spend ten times the usual.
/// </summary>
public sealed class StorefrontTraffic
{
    private static readonly (EventType Type, int Weight)[] Mix =
    [
        (EventType.Visit, 380),
        (EventType.EmailOpened, 150),
        (EventType.EmailClicked, 70),
        (EventType.CartUpdated, 100),
        (EventType.CheckoutStarted, 50),
        (EventType.OrderPlaced, 85),
        (EventType.OrderRefunded, 6),
        (EventType.Signup, 30),
        (EventType.ReviewSubmitted, 25),
        (EventType.SocialShare, 15),
        (EventType.NpsResponse, 15),
        (EventType.ReferralMade, 8),
        (EventType.SupportContact, 20),
        (EventType.Unsubscribed, 3),
    ];

    private static readonly int TotalWeight = Mix.Sum(m => m.Weight);

    private readonly Random _random;
    private readonly int _customers;
    private readonly string _idPrefix;
    private readonly TimeSpan _step;
    private readonly string?[] _lastOrder;
    private readonly decimal[] _basket;
    private DateTimeOffset _clock;
    private long _sequence;

    /// <param name="customers">Customer ids are drawn from <c>c-0</c> … <c>c-(customers−1)</c>.</param>
    /// <param name="start">The time of the first event.</param>
    /// <param name="step">How far the clock moves per event.</param>
    /// <param name="idPrefix">Prefix of event and order ids, distinct per run so that runs do not collide.</param>
    public StorefrontTraffic(int seed, int customers, DateTimeOffset start, TimeSpan step, string idPrefix = "evt")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 2);
        _random = new Random(seed);
        _customers = customers;
        _clock = start;
        _step = step;
        _idPrefix = idPrefix;
        _lastOrder = new string?[customers];
        _basket = new decimal[customers];
        for (var i = 0; i < customers; i++)
        {
            // Log-normal-ish basket sizes around 60, with one customer in fifty a big spender.
            var basket = 60 * Math.Exp(0.6 * Gaussian());
            _basket[i] = Math.Round((decimal)(_random.Next(50) == 0 ? basket * 10 : basket), 2);
        }
    }

    public DateTimeOffset Clock => _clock;

    public static string CustomerId(int index) => $"c-{index}";

    /// <summary>The next event.</summary>
    public CustomerEvent Next()
    {
        var customer = PickCustomer();
        var id = $"{_idPrefix}-{++_sequence}";
        var at = _clock;
        _clock += _step;
        var customerId = CustomerId(customer);
        switch (PickType())
        {
            case EventType.OrderPlaced:
                var orderId = $"{_idPrefix}-o-{_sequence}";
                _lastOrder[customer] = orderId;
                var amount = Math.Round(_basket[customer] * (decimal)(0.5 + _random.NextDouble()), 2);
                return CustomerEvent.Order(id, customerId, at, orderId, amount);
            case EventType.OrderRefunded when _lastOrder[customer] is { } last:
                return CustomerEvent.Refund(id, customerId, at, last, Math.Round(_basket[customer] / 2, 2) + 0.01m);
            case EventType.ReviewSubmitted:
                return CustomerEvent.Review(id, customerId, at, _random.Next(1, 6));
            case EventType.NpsResponse:
                return CustomerEvent.Nps(id, customerId, at, Math.Min(10, _random.Next(0, 12)));
            case EventType.ReferralMade:
                var referred = (customer + 1 + _random.Next(_customers - 1)) % _customers;
                return CustomerEvent.Referral(id, customerId, at, CustomerId(referred));
            case EventType.OrderRefunded:
                return CustomerEvent.Simple(id, customerId, EventType.Visit, at);
            case var type:
                return CustomerEvent.Simple(id, customerId, type, at);
        }
    }

    public IEnumerable<CustomerEvent> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    /// <summary>Skewed towards a core of active customers, as real shops are: half the traffic from a fifth.</summary>
    private int PickCustomer()
    {
        var core = Math.Max(1, _customers / 5);
        return _random.Next(2) == 0 ? _random.Next(core) : _random.Next(_customers);
    }

    private EventType PickType()
    {
        var roll = _random.Next(TotalWeight);
        foreach (var (type, weight) in Mix)
        {
            if (roll < weight)
            {
                return type;
            }

            roll -= weight;
        }

        return EventType.Visit;
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

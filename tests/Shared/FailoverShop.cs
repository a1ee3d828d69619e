using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Tests.Shared;

/// <summary>
/// A shop whose expected state is computable from how many events each customer was sent: customer <c>i</c>'s
/// <c>k</c>-th event has id <c>{customer}:{k}</c>, is an order of <see cref="Amount"/> every <see cref="OrderEvery"/>
/// events (the first one included) and a visit otherwise, and happened <c>k</c> hours before the shop's origin. Orders
/// are then a day apart, so the second one makes a repeat buyer, and the newest order is the first one sent, so nobody
/// comes due by time during a test. Events are sent in order per customer, round-robin over the customers, or drawn
/// from <paramref name="popularity"/> when one is given.
/// </summary>
internal sealed class FailoverShop(string prefix, int customers, DateTimeOffset origin, ZipfPopularity? popularity = null)
{
    public const int OrderEvery = 24;
    public const decimal Amount = 10m;

    private readonly ZipfPopularity? _popularity = popularity is null || popularity.Customers == customers
        ? popularity
        : throw new ArgumentException($"a popularity over {popularity.Customers} customers for a shop of {customers}", nameof(popularity));

    private readonly int[] _sent = new int[customers];
    private int _next;

    public int Customers => customers;

    public string CustomerId(int index) => $"{prefix}-{index}";

    /// <summary>The next <paramref name="count"/> events, round-robin over the customers, as a request body.</summary>
    public (byte[] Body, int[] CustomerIndexes) NextBatch(int count)
    {
        var (events, indexes) = NextEvents(count);
        return (EventJson.WriteBatch(events), indexes);
    }

    /// <summary>The next <paramref name="count"/> events (round-robin over the customers, or by popularity), with their customers' indexes.</summary>
    public (CustomerEvent[] Events, int[] CustomerIndexes) NextEvents(int count)
    {
        var events = new CustomerEvent[count];
        var indexes = new int[count];
        lock (_sent)
        {
            for (var i = 0; i < count; i++)
            {
                var customer = _popularity?.Next() ?? _next++ % customers;
                indexes[i] = customer;
                events[i] = Event(customer, _sent[customer]++);
            }
        }

        return (events, indexes);
    }

    public CustomerEvent Event(int customer, int k)
    {
        var id = CustomerId(customer);
        var at = origin.AddHours(-k);
        return k % OrderEvery == 0
            ? CustomerEvent.Order($"{id}:{k}", id, at, $"o-{k}", Amount)
            : CustomerEvent.Simple($"{id}:{k}", id, EventType.Visit, at);
    }

    /// <summary>What a customer who has the first <paramref name="events"/> events looks like, and the stage changes it went through.</summary>
    public static Expected ExpectedAfter(int events)
    {
        var orders = events == 0 ? 0 : ((events - 1) / OrderEvery) + 1;
        var stage = orders switch { 0 => "prospect", 1 => "one_time", _ => "repeat" };
        string[] changes = ["prospect→one_time", "one_time→repeat"];
        return new Expected(events, orders, orders * Amount, stage, changes[..Math.Min(orders, 2)]);
    }

    /// <param name="StageChanges">The stage transitions, oldest first, as "from→to".</param>
    internal sealed record Expected(int EventsApplied, int Orders, decimal NetSpend, string Stage, string[] StageChanges);
}

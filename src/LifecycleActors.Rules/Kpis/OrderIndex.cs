namespace LifecycleActors.Rules.Kpis;

/// <summary>
/// The orders of a tenant, one per (customer, orderId), in time order, each with its net amount as known now
/// (amount − Σ refunds, never below 0; contract §3, Orders), with each customer's first order.
/// </summary>
internal sealed class OrderIndex
{
    private readonly NetOrder[] _orders;
    private readonly DateTimeOffset[] _times;
    private readonly Dictionary<string, DateTimeOffset> _firstOrderAt = new(StringComparer.Ordinal);

    public OrderIndex(IEnumerable<KpiOrder> source, IEnumerable<KpiRefund> refunds)
    {
        // An order counts once per orderId: the earliest placement is the canonical one (contract §3, Orders).
        _orders = KpiCells.NetOrders(source, refunds).OrderBy(o => o.PlacedAt).ToArray();
        _times = _orders.Select(o => o.PlacedAt).ToArray();
        foreach (var order in _orders)
        {
            _firstOrderAt.TryAdd(order.CustomerId, order.PlacedAt);
        }
    }

    public NetOrder[] In(DateTimeOffset start, DateTimeOffset end) => KpiCalculator.Slice(_orders, _times, start, end);

    public HashSet<string> BuyersIn(KpiPeriod period) => BuyersBetween(period.Start, period.End);

    public HashSet<string> BuyersBetween(DateTimeOffset start, DateTimeOffset end) =>
        In(start, end).Select(o => o.CustomerId).ToHashSet(StringComparer.Ordinal);

    public DateTimeOffset FirstOrderAt(string customerId) => _firstOrderAt[customerId];
}

/// <summary>An order at its canonical time with its net amount as known now.</summary>
internal sealed record NetOrder(string CustomerId, DateTimeOffset PlacedAt, decimal NetAmount);

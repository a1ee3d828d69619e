using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>
/// spend365 as a step function of time over the kept orders: each order adds its net amount from the instant it
/// is placed until the instant it leaves the trailing window (placedAt + window, exclusive).
/// </summary>
internal readonly struct SpendHistory
{
    private readonly List<OrderRecord> _orders;
    private readonly TimeSpan _window;

    public SpendHistory(CustomerState state, RuleOptions options)
    {
        _orders = state.Orders;
        _window = Days.Span(options.SpendWindowDays);
    }

    /// <summary>Σ net amounts of orders placed in (at − window, at].</summary>
    public decimal At(DateTimeOffset at)
    {
        var from = at - _window;
        var sum = 0m;
        foreach (var order in _orders)
        {
            if (order.PlacedAt > from && order.PlacedAt <= at)
            {
                sum += order.Net;
            }
        }

        return sum;
    }

    /// <summary>The instants where spend changes, with the change, in ascending order of time.</summary>
    public List<(DateTimeOffset At, decimal Delta)> Steps()
    {
        var steps = new List<(DateTimeOffset At, decimal Delta)>(_orders.Count * 2);
        foreach (var order in _orders)
        {
            var net = order.Net;
            if (net > 0)
            {
                steps.Add((order.PlacedAt, net));
                steps.Add((order.PlacedAt + _window, -net));
            }
        }

        steps.Sort((a, b) => a.At.CompareTo(b.At));
        return steps;
    }
}

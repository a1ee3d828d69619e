using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Rules.Tests.Kpis;

/// <summary>Builds constructed histories for the KPI tests; times are UTC instants.</summary>
internal sealed class KpiHistoryBuilder
{
    private readonly Dictionary<string, DateTimeOffset> _customers = new(StringComparer.Ordinal);
    private readonly List<KpiOrder> _orders = [];
    private readonly List<KpiRefund> _refunds = [];
    private readonly List<KpiTransition> _transitions = [];
    private readonly List<KpiNpsResponse> _nps = [];
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public KpiHistoryBuilder Order(string customer, string orderId, string at, decimal net)
    {
        Seen(customer, At(at));
        _orders.Add(new KpiOrder(customer, orderId, At(at), net));
        return this;
    }

    public KpiHistoryBuilder Refund(string customer, string orderId, string at, decimal amount)
    {
        _refunds.Add(new KpiRefund(customer, orderId, At(at), amount));
        return this;
    }

    public KpiHistoryBuilder Stage(string customer, string from, string to, string at) => Transition(customer, "stage", from, to, at);

    public KpiHistoryBuilder Flag(string customer, string kind, bool to, string at) =>
        Transition(customer, kind, to ? "false" : "true", to ? "true" : "false", at);

    public KpiHistoryBuilder Nps(string customer, string at, int score)
    {
        Seen(customer, At(at));
        _nps.Add(new KpiNpsResponse(customer, At(at), score));
        return this;
    }

    public KpiHistory Build() => new(_customers, _orders, _refunds, _transitions, _nps);

    private KpiHistoryBuilder Transition(string customer, string kind, string from, string to, string at)
    {
        Seen(customer, At(at));
        var sequence = _sequences[customer] = _sequences.GetValueOrDefault(customer) + 1;
        _transitions.Add(new KpiTransition(customer, kind, from, to, At(at), sequence));
        return this;
    }

    private void Seen(string customer, DateTimeOffset at)
    {
        if (!_customers.TryGetValue(customer, out var first) || at < first)
        {
            _customers[customer] = at;
        }
    }
}

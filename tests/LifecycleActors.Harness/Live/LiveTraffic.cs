using LifecycleActors.Rules.Events;
using LifecycleActors.Traffic;

namespace LifecycleActors.Harness.Live;

/// <summary>
/// What the live-latency run sends. First, half the customers (the even ids) get one order 20 days back, so the
/// shop has returning customers; then the storefront mix, dated now: a first order makes a prospect a one-time buyer,
/// an order of a returning customer makes it a repeat buyer (its second purchase day), reviews, shares and referrals
/// make advocates.
/// </summary>
internal sealed class LiveTraffic(int customers, string runId)
{
    public static readonly TimeSpan EarlierOrderAgo = TimeSpan.FromDays(20);

    private readonly StorefrontTraffic _storefront = new(seed: 17, customers, DateTimeOffset.UtcNow, TimeSpan.Zero, runId);
    private int _returning;

    /// <summary>Customers given an earlier order by <see cref="NextEarlierOrder"/>.</summary>
    public int ReturningCustomers => (customers + 1) / 2;

    /// <summary>The next returning customer's earlier order.</summary>
    public CustomerEvent NextEarlierOrder()
    {
        var customer = 2 * _returning++;
        return CustomerEvent.Order(
            $"{runId}-earlier-{customer}", StorefrontTraffic.CustomerId(customer), DateTimeOffset.UtcNow - EarlierOrderAgo, $"{runId}-earlier-o-{customer}", 40m);
    }

    /// <summary>The next storefront event, happening now.</summary>
    public CustomerEvent NextNow() => _storefront.Next() with { OccurredAt = DateTimeOffset.UtcNow };
}

namespace LifecycleActors.Traffic;

/// <summary>One generated customer of the demo shop: how often and how much it buys, and how long it stays.</summary>
internal sealed class DemoShopper(int index, string id)
{
    public int Index { get; } = index;

    public string Id { get; } = id;

    /// <summary>Mean days between orders.</summary>
    public double GapDays { get; set; }

    /// <summary>Typical order amount.</summary>
    public decimal Basket { get; set; }

    /// <summary>Orders left before this customer drifts away (and perhaps comes back much later).</summary>
    public int OrdersLeft { get; set; }

    /// <summary>Reviews, shares and refers friends after a couple of orders.</summary>
    public bool Advocate { get; set; }

    public bool Arrived { get; set; }

    public bool Unsubscribed { get; set; }

    public int Orders { get; set; }

    public string? LastOrderId { get; set; }

    public DateTimeOffset LastEventAt { get; set; } = DateTimeOffset.MinValue;
}

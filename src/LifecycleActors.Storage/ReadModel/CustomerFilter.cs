namespace LifecycleActors.Storage.ReadModel;

/// <summary>
/// A segment of a tenant's customers, as the listing and the CSV export select them (contract §6, Segments); an
/// absent criterion (null or empty) selects everyone. All criteria hold together.
/// </summary>
public sealed record CustomerFilter
{
    public static readonly CustomerFilter Everyone = new();

    public CustomerFilter()
    {
    }

    /// <summary>The filter of the first listing: one stage or any, and the two flags.</summary>
    public CustomerFilter(string? stage, bool? vip, bool? advocate)
    {
        Stages = stage is null ? [] : [stage];
        Vip = vip;
        Advocate = advocate;
    }

    /// <summary>Stage wire names; a customer in any of them passes.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    public bool? Vip { get; init; }

    public bool? Advocate { get; init; }

    /// <summary>The profile's <c>temperature</c> (<c>hot</c>, <c>warm</c>, <c>cold</c>).</summary>
    public string? Temperature { get; init; }

    /// <summary>Lowest lifetime <c>netSpend</c>, inclusive.</summary>
    public decimal? MinSpend { get; init; }

    /// <summary>Highest lifetime <c>netSpend</c>, inclusive.</summary>
    public decimal? MaxSpend { get; init; }

    /// <summary>The profile's <c>pAlive</c> strictly below this; customers without a pAlive do not pass.</summary>
    public double? PAliveBelow { get; init; }

    /// <summary>The last order's UTC date is earlier than this; customers without an order do not pass.</summary>
    public DateOnly? LastOrderBefore { get; init; }

    /// <summary>The last order's UTC date is this day or later; customers without an order do not pass.</summary>
    public DateOnly? LastOrderAfter { get; init; }
}

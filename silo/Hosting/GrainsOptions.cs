namespace LifecycleActors.Silo.Hosting;

/// <summary><c>Lifecycle:Grains</c>: how long idle customers stay in memory, and how many grain addresses a silo caches.</summary>
public sealed class GrainsOptions
{
    /// <summary>An activation idle this long is collected.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Grain addresses each silo caches (Orleans keeps an entry for every grain it has seen, also after the grain
    /// deactivated, up to this many): bounded well below the customers a silo serves, so idle customers cost no memory.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>The shortest age: below it the collector would run more often than it frees anything.</summary>
    public static readonly TimeSpan ShortestCollectionAge = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often Orleans looks for idle activations: its default of once a minute, or half the age when the age is
    /// shorter than two minutes (a benchmark of customers that are mostly not in memory sets 15 s).
    /// </summary>
    public TimeSpan CollectionQuantum => CollectionAge < TimeSpan.FromMinutes(2) ? CollectionAge / 2 : TimeSpan.FromMinutes(1);

    public string? Validate() =>
        CollectionAge < ShortestCollectionAge ? "CollectionAge: must be 00:00:10 or longer"
        : DirectoryCacheSize < 0 ? "DirectoryCacheSize: must be 0 or more (grain addresses cached)"
        : null;
}

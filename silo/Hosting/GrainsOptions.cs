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

    public string? Validate() =>
        // Orleans collects idle activations once a minute, so a shorter age would not mean anything.
        CollectionAge <= TimeSpan.FromMinutes(1) ? "CollectionAge: must be longer than 00:01:00"
        : DirectoryCacheSize < 0 ? "DirectoryCacheSize: must be 0 or more (grain addresses cached)"
        : null;
}

namespace LifecycleActors.Storage.Postgres;

/// <summary>
/// The service's PostgreSQL advisory locks, as (class, object) key pairs: the class is the service's own number,
/// so the keys do not collide with another application's locks in the same database.
/// </summary>
internal static class PostgresLocks
{
    /// <summary>"LCA1": Lifecycle Actors.</summary>
    public const int Class = 0x4C434131;

    /// <summary>Held by an event log append from allocating its positions until its commit (ADR 0009).</summary>
    public const int EventLogAppend = 1;

    /// <summary>Held by a silo while it migrates the schema, so two silos starting at once apply each migration once.</summary>
    public const int SchemaMigration = 2;
}

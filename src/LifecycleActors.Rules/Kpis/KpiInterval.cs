namespace LifecycleActors.Rules.Kpis;

/// <summary>The length of one KPI period, in the tenant's time zone (contract §6, KPIs).</summary>
public enum KpiInterval
{
    Day,
    /// <summary>An ISO week: Monday 00:00 to the next Monday 00:00.</summary>
    Week,
    Month,
}

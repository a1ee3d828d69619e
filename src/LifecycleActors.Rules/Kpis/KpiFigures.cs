namespace LifecycleActors.Rules.Kpis;

/// <summary>The figures of one KPI period (contract §6, KPIs; each definition is written there).</summary>
public sealed record KpiFigures(
    DateOnly Period,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Orders,
    decimal Revenue,
    int Buyers,
    int NewBuyers,
    decimal? Aov,
    decimal? PurchaseFrequency,
    decimal? RepeatBuyerRate,
    decimal? RetentionRate,
    decimal? Crr,
    IReadOnlyDictionary<string, int> Stages,
    int Vip,
    int Advocate,
    int EnteredLapsed,
    int Reactivated,
    int NewVip,
    int NewAdvocate,
    decimal? ChurnRate,
    decimal? Nps,
    int NpsResponses);

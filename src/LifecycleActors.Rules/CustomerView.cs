using LifecycleActors.Rules.Evaluation;

namespace LifecycleActors.Rules;

/// <summary>A customer's derived state at one instant: what the API, dashboard and read model show.</summary>
public sealed record CustomerView(
    Stage Stage,
    bool Vip,
    bool Advocate,
    int Orders,
    decimal NetSpend,
    decimal Spend365,
    decimal? Aov,
    DateTimeOffset? LastOrderAt,
    int PurchaseDays,
    DateOnly? FirstPurchaseDay,
    DateOnly? LastPurchaseDay,
    double ExpectedGapDays,
    GapSource GapSource,
    DateTimeOffset? NextOrderExpectedAt,
    DateTimeOffset? LapseAt,
    int EngagementScore,
    Temperature Temperature,
    AdvocacyScore Advocacy,
    bool Unsubscribed,
    long Sequence,
    DateTimeOffset? NextChangeAt,
    Prediction.CustomerPrediction? Prediction);

namespace LifecycleActors.Rules.Prediction;

/// <summary>A tenant's fitted prediction model: BG/NBD for purchase days, Gamma-Gamma (when fitted) for their value.</summary>
public sealed record PredictionModel(BgNbdParameters BgNbd, GammaGammaParameters? GammaGamma);

/// <summary>A customer's predicted future: P(alive), expected purchase days in 90 days, expected net spend in 365 days.</summary>
public sealed record CustomerPrediction(double PAlive, double ExpectedOrders90d, decimal? PredictedClv365);

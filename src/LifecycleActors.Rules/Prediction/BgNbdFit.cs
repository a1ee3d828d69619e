namespace LifecycleActors.Rules.Prediction;

/// <summary>The maximum-likelihood parameters, the log-likelihood they reach (time in days) and how many customers it covers.</summary>
public sealed record BgNbdFit(BgNbdParameters Parameters, double LogLikelihood, int Customers);

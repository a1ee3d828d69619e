namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// Gamma-Gamma spend parameters: an order's value is Gamma(p, ν) for a customer, and ν is Gamma(q, γ) across customers
/// (γ in money units).
/// </summary>
public sealed record GammaGammaParameters(double P, double Q, double Gamma);

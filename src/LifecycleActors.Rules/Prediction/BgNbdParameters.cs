namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// BG/NBD parameters: purchase rates are Gamma(r, α) across customers (α in days), the drop-out probability after each
/// purchase is Beta(a, b).
/// </summary>
public sealed record BgNbdParameters(double R, double Alpha, double A, double B);

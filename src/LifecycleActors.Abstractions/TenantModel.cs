namespace LifecycleActors.Abstractions;

/// <summary>
/// A tenant's population facts and fitted prediction model, as <c>GET /api/v1/model</c> shows them. Times are days.
/// </summary>
[GenerateSerializer, Immutable, Alias("lifecycle.TenantModel")]
public sealed record TenantModel(
    [property: Id(0)] long Customers,
    [property: Id(1)] DateTimeOffset FittedAt,
    [property: Id(2)] BgNbdModel? Bgnbd,
    [property: Id(3)] GammaGammaModel? GammaGamma,
    [property: Id(4)] decimal? VipThreshold,
    [property: Id(5)] double? PopulationGapDays);

/// <summary>BG/NBD parameters (α in days) and the log-likelihood of the fit.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.BgNbdModel")]
public sealed record BgNbdModel(
    [property: Id(0)] double R,
    [property: Id(1)] double Alpha,
    [property: Id(2)] double A,
    [property: Id(3)] double B,
    [property: Id(4)] double LogLikelihood);

/// <summary>Gamma-Gamma parameters of the spend per purchase day.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.GammaGammaModel")]
public sealed record GammaGammaModel(
    [property: Id(0)] double P,
    [property: Id(1)] double Q,
    [property: Id(2)] double Gamma);

using LifecycleActors.Connectors;

namespace LifecycleActors.Silo.Connectors;

public enum IntakeOutcome
{
    /// <summary>The platform trying the URL (WooCommerce): nothing stored.</summary>
    Ping,

    /// <summary>Signature missing, wrong or stale: nothing stored.</summary>
    Unauthorized,

    /// <summary>A topic or payload the service does not use: nothing stored.</summary>
    Ignored,

    /// <summary>A privacy request, recorded.</summary>
    Privacy,

    /// <summary>Events durable in the log (accepted or duplicates), or parked until their order is known.</summary>
    Ingested,

    /// <summary>The payload (or one of its events) cannot be mapped; valid events of the same webhook are kept.</summary>
    Unmappable,
}

/// <summary>What became of one webhook.</summary>
public sealed record IntakeResult(IntakeOutcome Outcome, string Topic)
{
    public SignatureCheck Signature { get; init; } = SignatureCheck.Valid;

    public int Accepted { get; init; }

    public int Duplicates { get; init; }

    /// <summary>Refunds waiting for their order's webhook (the order's customer is not known yet).</summary>
    public int Parked { get; init; }

    public string? Reason { get; init; }

    public string? Field { get; init; }

    public string? Error { get; init; }
}

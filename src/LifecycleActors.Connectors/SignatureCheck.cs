namespace LifecycleActors.Connectors;

/// <summary>What a webhook's signature proved.</summary>
public enum SignatureCheck
{
    Valid,

    /// <summary>No signature header (or an empty one).</summary>
    Missing,

    /// <summary>A signature that is malformed or does not match the body under the connector's secret.</summary>
    Invalid,

    /// <summary>Signed correctly, but the signed timestamp is outside the accepted window (Shopware).</summary>
    Stale,
}

namespace LifecycleActors.Abstractions;

/// <summary>Names of the Orleans stream provider and namespaces.</summary>
public static class StreamNames
{
    public const string Provider = "lifecycle";

    /// <summary>Accepted events, one stream per customer key.</summary>
    public const string CustomerEvents = "customer-events";
}

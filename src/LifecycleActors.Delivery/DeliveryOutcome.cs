namespace LifecycleActors.Delivery;

/// <summary>What one delivery attempt means for the delivery as a whole.</summary>
public enum DeliveryOutcome
{
    /// <summary>The receiver answered 2xx: the delivery is done.</summary>
    Delivered,

    /// <summary>5xx, 408, 429, a timeout or a connection error: try again later (see <see cref="RetrySchedule"/>).</summary>
    Retry,

    /// <summary>Any other answer (4xx, 3xx): retrying cannot help, so the delivery goes to the dead letters now.</summary>
    Reject,
}

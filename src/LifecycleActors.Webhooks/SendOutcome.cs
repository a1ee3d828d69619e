namespace LifecycleActors.Webhooks;

/// <summary>What one send attempt means for the webhook send as a whole.</summary>
public enum SendOutcome
{
    /// <summary>The receiver answered 2xx: the send is done.</summary>
    Sent,

    /// <summary>5xx, 408, 429, a timeout or a connection error: try again later (see <see cref="RetrySchedule"/>).</summary>
    Retry,

    /// <summary>Any other answer (4xx, 3xx): retrying cannot help, so the send goes to the dead letters now.</summary>
    Reject,
}

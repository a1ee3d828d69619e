namespace LifecycleActors.Webhooks;

/// <summary>Limits of one send attempt.</summary>
public sealed class WebhookSenderOptions
{
    /// <summary>
    /// How long one attempt may take, from sending the request until the answer's headers and, for an answer that is
    /// not 2xx, the excerpt of its body (<see cref="MaxResponseBytes"/>) are read; the body of a 2xx answer is never
    /// read. Headers later than this count as a timeout (<see cref="SendOutcome.Retry"/>); a body slower than this
    /// only shortens the error text. So a receiver that never answers, trickles its answer or answers late holds an
    /// attempt this long at most. Measured on the wall clock, whatever clock the caller's grains use.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How much of an answer's body is read, for the error text; the rest is never downloaded.</summary>
    public int MaxResponseBytes { get; set; } = 1024;
}

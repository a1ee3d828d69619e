namespace LifecycleActors.Webhooks;

/// <summary>Limits of one send attempt.</summary>
public sealed class WebhookSenderOptions
{
    /// <summary>
    /// How long one attempt may take, from sending the request to reading the answer's headers; longer counts as a
    /// timeout (<see cref="SendOutcome.Retry"/>). Measured on the wall clock, whatever clock the caller's grains use.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How much of an answer's body is read, for the error text; the rest is never downloaded.</summary>
    public int MaxResponseBytes { get; set; } = 1024;
}

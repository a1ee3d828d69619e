namespace LifecycleActors.Tests.Support;

/// <summary>One request that reached the <see cref="WebhookReceiver"/>, with the status it was answered with.</summary>
public sealed record ReceivedWebhook(
    string? IdempotencyKey,
    byte[] Body,
    string? Signature,
    bool SignatureValid,
    string? ContentType,
    string? UserAgent,
    DateTimeOffset ReceivedAt,
    int Status,
    string? TraceParent = null);

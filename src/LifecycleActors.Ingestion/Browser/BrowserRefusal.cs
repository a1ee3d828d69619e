namespace LifecycleActors.Ingestion.Browser;

/// <summary>Why a browser batch is refused whole, before the events API's own validation.</summary>
/// <param name="Status">The HTTP status: 403 for what a publishable key may not do, 413 for a batch that is too large.</param>
/// <param name="Field">The input at fault, such as <c>body[2].type</c> or <c>body[0].data.userHash</c>.</param>
/// <param name="Detail">A sentence that starts with the field.</param>
/// <param name="Reason">A short name for metrics: <c>type</c>, <c>user_hash</c>, <c>no_identity_secret</c>, <c>size</c>.</param>
public sealed record BrowserRefusal(int Status, string Field, string Detail, string Reason);

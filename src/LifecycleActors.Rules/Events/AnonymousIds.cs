namespace LifecycleActors.Rules.Events;

/// <summary>
/// Anonymous visitor ids (contract §2, Identity): customer ids beginning with <c>anon-</c>, as the browser snippet
/// makes them. Only such an id can be linked to a customer, and a customer an id is linked to is never one.
/// </summary>
public static class AnonymousIds
{
    public const string Prefix = "anon-";

    public static bool IsAnonymous(string customerId) => customerId.StartsWith(Prefix, StringComparison.Ordinal);
}

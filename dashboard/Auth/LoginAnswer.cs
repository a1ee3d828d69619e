namespace LifecycleActors.Dashboard.Auth;

/// <summary>The answer to a good login: the bearer token for the API and the hub.</summary>
public sealed record LoginAnswer(string Token);

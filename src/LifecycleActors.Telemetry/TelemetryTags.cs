namespace LifecycleActors.Telemetry;

/// <summary>
/// Attribute names on the service's instruments. Each has a bounded set of values: tenants and campaigns come from
/// configuration, kinds and outcomes are enums; customer ids and event ids never appear.
/// </summary>
public static class TelemetryTags
{
    public const string Tenant = "lifecycle.tenant";
    public const string Outcome = "lifecycle.outcome";
    public const string TransitionKind = "lifecycle.transition.kind";
    public const string Trigger = "lifecycle.trigger";
    public const string Campaign = "lifecycle.campaign";
    public const string Reason = "lifecycle.reason";
    public const string Platform = "lifecycle.platform";
}

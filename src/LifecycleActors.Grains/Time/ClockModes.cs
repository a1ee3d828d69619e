namespace LifecycleActors.Grains.Time;

/// <summary>The clock modes of <c>Lifecycle:Clock</c> (contract §5).</summary>
public static class ClockModes
{
    public const string System = "system";
    public const string EventTime = "event-time";

    /// <summary>The key of the <see cref="TimeProvider"/> that drives the rules in <c>system</c> mode (tests swap it).</summary>
    public const string RulesTimeProviderKey = "lifecycle-rules";
}

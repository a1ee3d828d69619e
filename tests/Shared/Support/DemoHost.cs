namespace LifecycleActors.Tests.Support;

/// <summary>The real silo with <c>--demo</c>: a small generated shop, 25 simulated days per second over 400 days.</summary>
public sealed class DemoHost : ApiHost
{
    public const string AgentPassword = "demo-agent-password";

    protected override IEnumerable<string> Arguments =>
    [
        "--demo",
        "--LIFECYCLE_BOOTSTRAP_AGENT_PASSWORD", AgentPassword,
        "--Lifecycle:Demo:Customers", "150",
        "--Lifecycle:Demo:DaysPerSecond", "25",
        "--Lifecycle:Demo:HistoryDays", "400",
        "--Lifecycle:Scheduler:ScanInterval", "00:00:00.200",
    ];
}

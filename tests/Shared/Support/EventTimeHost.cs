namespace LifecycleActors.Tests.Support;

/// <summary>The real silo host in event-time mode, with VIP at a fixed 200 and a fast scheduler.</summary>
public sealed class EventTimeHost : ApiHost
{
    public const decimal VipMinSpend = 200m;

    protected override IEnumerable<string> Arguments =>
    [
        "--Lifecycle:Clock", "event-time",
        "--Lifecycle:Rules:VipMinSpend", "200",
        "--Lifecycle:Scheduler:ScanInterval", "00:00:00.100",

        // Facts change only when a test refits, never in the middle of a replay.
        "--Lifecycle:Model:RefitInterval", "1.00:00:00",
    ];
}

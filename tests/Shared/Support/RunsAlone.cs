namespace LifecycleActors.Tests.Support;

/// <summary>
/// Test classes that replay a large history and compare every customer with the rules: they run with no other test
/// class beside them, so the comparison is not made while other tests load the two cores (see the issue notes on the
/// event-time race this works around).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}

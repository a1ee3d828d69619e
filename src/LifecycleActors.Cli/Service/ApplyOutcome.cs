namespace LifecycleActors.Cli.Service;

/// <summary>How far the service applied a run's events, as every command reports it.</summary>
/// <param name="Baseline"><c>eventsApplied</c> of the tenant before the run.</param>
/// <param name="Target">The <c>eventsApplied</c> that means "all of this run applied".</param>
/// <param name="Wait">Waiting from the last answer until applied (or until giving up).</param>
internal sealed record ApplyOutcome(long Baseline, long Target, ApplyResult Wait)
{
    /// <summary>Events of this run the wait was for.</summary>
    public long OfRun => Target - Baseline;

    /// <summary>Events of this run applied so far, as far as the last stats read tells.</summary>
    public long? AppliedOfRun => Wait.LastValue - Baseline;
}

namespace LifecycleActors.Cli.Service;

/// <summary>
/// What the requests of a run came to, as every command reports it: the service's verdict on each acknowledged event,
/// the batches it refused whole, the retries, and the time it all took.
/// </summary>
/// <param name="Requests">Batches answered: acknowledged (202) or refused whole (400, 413).</param>
/// <param name="Acknowledged">Events in batches answered with 202 (accepted + duplicates + erased + rejected one by one).</param>
/// <param name="RejectedEvents">Events the service rejected one by one in a 202.</param>
/// <param name="RefusedBatches">Batches refused whole (400, 413); only a command that goes on after a refusal has any.</param>
/// <param name="FirstRejection">The first event rejected one by one, as "id: error".</param>
/// <param name="Elapsed">The time the command measured its sending over.</param>
/// <param name="Erased">Events dropped as an erased customer's past (counted among the acknowledged).</param>
internal sealed record EventTotals(
    long Requests,
    long Acknowledged,
    long Accepted,
    long Duplicates,
    long RejectedEvents,
    long RefusedBatches,
    long RefusedEvents,
    long Retries,
    string? FirstRejection,
    TimeSpan Elapsed,
    long Erased = 0)
{
    /// <summary>Every event not taken: rejected one by one or in a refused batch.</summary>
    public long Rejected => RejectedEvents + RefusedEvents;

    /// <summary>Events per second of <see cref="Elapsed"/>.</summary>
    public double PerSecond(long events) => Rate(events, Elapsed);

    public static double Rate(long events, TimeSpan time) => time > TimeSpan.Zero ? events / time.TotalSeconds : 0;
}

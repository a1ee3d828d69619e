namespace LifecycleActors.Cli.Service;

/// <summary>Running totals of the batches of a run, updated by concurrent senders and read by the progress line.</summary>
internal sealed class EventTally
{
    private long _requests;
    private long _acknowledged;
    private long _accepted;
    private long _duplicates;
    private long _erased;
    private long _rejectedEvents;
    private long _refusedBatches;
    private long _refusedEvents;
    private long _retries;
    private long _lastAckTimestamp;
    private string? _firstRejection;

    /// <summary>Events in batches answered with 202, whatever the verdict on each.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Events dropped as an erased customer's past.</summary>
    public long Erased => Interlocked.Read(ref _erased);

    /// <summary>Every event not taken: rejected one by one or in a refused batch.</summary>
    public long Rejected => Interlocked.Read(ref _rejectedEvents) + Interlocked.Read(ref _refusedEvents);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The <see cref="TimeProvider"/> timestamp of the latest acknowledgement; 0 before the first.</summary>
    public long LastAckTimestamp => Interlocked.Read(ref _lastAckTimestamp);

    public void Retried() => Interlocked.Increment(ref _retries);

    public void Acknowledge(int events, BatchAck ack, long timestamp)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _acknowledged, events);
        Interlocked.Add(ref _accepted, ack.Accepted);
        Interlocked.Add(ref _duplicates, ack.Duplicates);
        Interlocked.Add(ref _erased, ack.Erased);
        Interlocked.Add(ref _rejectedEvents, ack.Rejected);
        if (ack.FirstRejection is not null)
        {
            Interlocked.CompareExchange(ref _firstRejection, ack.FirstRejection, null);
        }

        // Acknowledgements of concurrent senders can be tallied out of order; keep the latest.
        var seen = Interlocked.Read(ref _lastAckTimestamp);
        while (timestamp > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastAckTimestamp, timestamp, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }
    }

    /// <summary>Counts a batch refused whole (400, 413) by a command that goes on after it.</summary>
    public void Refuse(int events)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _refusedBatches);
        Interlocked.Add(ref _refusedEvents, events);
    }

    /// <param name="elapsed">The time the command measured its sending over.</param>
    public EventTotals Totals(TimeSpan elapsed) => new(
        Requests: Interlocked.Read(ref _requests),
        Acknowledged: Acknowledged,
        Accepted: Accepted,
        Duplicates: Duplicates,
        RejectedEvents: Interlocked.Read(ref _rejectedEvents),
        RefusedBatches: Interlocked.Read(ref _refusedBatches),
        RefusedEvents: Interlocked.Read(ref _refusedEvents),
        Retries: Retries,
        FirstRejection: Volatile.Read(ref _firstRejection),
        Elapsed: elapsed,
        Erased: Erased);
}

using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Load;

/// <summary>Running totals of a load run, updated by concurrent senders and read by the progress line.</summary>
internal sealed class LoadTally
{
    private long _requests;
    private long _acknowledged;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _retries;
    private long _lastAckTimestamp;
    private string? _firstRejection;

    /// <summary>Events in acknowledged batches, whatever the verdict on each.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Requests => Interlocked.Read(ref _requests);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The <see cref="TimeProvider"/> timestamp of the latest acknowledgement; 0 before the first.</summary>
    public long LastAckTimestamp => Interlocked.Read(ref _lastAckTimestamp);

    public string? FirstRejection => Volatile.Read(ref _firstRejection);

    public void Retried() => Interlocked.Increment(ref _retries);

    public void Acknowledge(int events, BatchAck ack, long timestamp)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _acknowledged, events);
        Interlocked.Add(ref _accepted, ack.Accepted);
        Interlocked.Add(ref _duplicates, ack.Duplicates);
        Interlocked.Add(ref _rejected, ack.Rejected);
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
}

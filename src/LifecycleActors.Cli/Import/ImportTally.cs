using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Import;

/// <summary>Running totals of an import, updated by concurrent senders and read by the progress line.</summary>
internal sealed class ImportTally
{
    private long _requests;
    private long _sent;
    private long _accepted;
    private long _duplicates;
    private long _rejectedEvents;
    private long _refusedBatches;
    private long _refusedEvents;
    private long _retries;

    /// <summary>Batches answered (202, 400 or 413).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Events in answered batches, whatever the verdict on each.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Events the service rejected one by one in a 202.</summary>
    public long RejectedEvents => Interlocked.Read(ref _rejectedEvents);

    /// <summary>Batches refused whole (400, 413).</summary>
    public long RefusedBatches => Interlocked.Read(ref _refusedBatches);

    public long RefusedEvents => Interlocked.Read(ref _refusedEvents);

    /// <summary>Every event not taken: rejected one by one or in a refused batch.</summary>
    public long Rejected => RejectedEvents + RefusedEvents;

    public long Retries => Interlocked.Read(ref _retries);

    public void Retried() => Interlocked.Increment(ref _retries);

    public void Acknowledge(int events, BatchAck ack)
    {
        Interlocked.Add(ref _accepted, ack.Accepted);
        Interlocked.Add(ref _duplicates, ack.Duplicates);
        Interlocked.Add(ref _rejectedEvents, ack.Rejected);
        Answered(events);
    }

    public void Refuse(int events)
    {
        Interlocked.Increment(ref _refusedBatches);
        Interlocked.Add(ref _refusedEvents, events);
        Answered(events);
    }

    private void Answered(int events)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _sent, events);
    }
}

using LifecycleActors.Abstractions;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>Writes the projection behind the grains, in batches.</summary>
public interface IReadModelWriter
{
    /// <summary>Queues the latest row of a customer; rows of one customer queued before it are superseded.</summary>
    void Enqueue(CustomerRow row);

    /// <summary>Queues transitions; a transition already stored (same tenant, customer, sequence) is kept as it is.</summary>
    void Enqueue(IReadOnlyList<TransitionRecord> transitions);

    /// <summary>Customer rows and transitions waiting: queued, or in a batch whose commit has not succeeded yet.</summary>
    long QueueDepth { get; }

    /// <summary>Completes once everything queued before the call is committed.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}

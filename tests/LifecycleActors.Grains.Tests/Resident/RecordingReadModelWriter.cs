using LifecycleActors.Abstractions;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Grains.Tests.Resident;

/// <summary>A read-model writer that keeps what it is given: queued until a flush, then committed.</summary>
internal sealed class RecordingReadModelWriter : IReadModelWriter
{
    private readonly List<CustomerRow> _queued = [];

    public List<CustomerRow> Committed { get; } = [];

    public List<TransitionRecord> Transitions { get; } = [];

    public long QueueDepth => _queued.Count;

    /// <summary>The latest row queued or committed for the customer, or null.</summary>
    public CustomerRow? Latest(string customerId) =>
        _queued.LastOrDefault(r => r.CustomerId == customerId) ?? Committed.LastOrDefault(r => r.CustomerId == customerId);

    public void Enqueue(CustomerRow row) => _queued.Add(row);

    public void Enqueue(IReadOnlyList<TransitionRecord> transitions) => Transitions.AddRange(transitions);

    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Committed.AddRange(_queued);
        _queued.Clear();
        return Task.CompletedTask;
    }
}

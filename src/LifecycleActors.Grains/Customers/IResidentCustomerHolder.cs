namespace LifecycleActors.Grains;

/// <summary>
/// What holds a <see cref="ResidentCustomer"/> in memory and does for it what needs the runtime: storing its snapshot,
/// telling the silo's snapshot sweep about it, and sending its outbox. Today its <see cref="CustomerGrain"/>.
/// </summary>
public interface IResidentCustomerHolder
{
    /// <summary>Stores <paramref name="state"/> as the customer's snapshot; durable when the task completes.</summary>
    Task WriteSnapshotAsync(CustomerGrainState state, CancellationToken cancellationToken);

    /// <summary>The customer now holds changes its stored snapshot lacks (<paramref name="behind"/>), or no longer does.</summary>
    void SnapshotBehindChanged(bool behind);

    /// <summary>The customer has messages or campaign candidates to send (<see cref="ResidentCustomer.HasUnsent"/>).</summary>
    void SendSoon();
}

namespace LifecycleActors.Grains;

/// <summary>The passes that send the customer's outbox to other customers and hand its campaign feed over.</summary>
public sealed partial class CustomerGrain
{
    private SendPasses? _sending;

    private void ScheduleSending(TimeSpan delay)
    {
        _sending ??= new SendPasses(this, () => ResidentOutbox.SendAsync(GrainFactory, services.Campaigns, _customer, logger), () => _customer.HasUnsent);
        _sending.Schedule(delay);
    }
}

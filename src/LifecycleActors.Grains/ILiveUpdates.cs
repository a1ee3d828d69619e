using LifecycleActors.Abstractions;

namespace LifecycleActors.Grains;

/// <summary>
/// Where customers report what changed, as it happens, for live screens: transitions and the customer's new state.
/// Must not block: implementations hand the update on and return.
/// </summary>
public interface ILiveUpdates
{
    void Transitions(IReadOnlyList<TransitionRecord> transitions);

    void CustomerChanged(string tenant, CustomerProfile customer);

    /// <summary>A task for the agents was created or changed.</summary>
    void TaskChanged(AgentTask task);

    /// <summary>A customer was erased (ADR 0016): open screens drop it.</summary>
    void CustomerErased(LiveErasure erasure);
}

/// <summary>No live screens attached.</summary>
public sealed class NoLiveUpdates : ILiveUpdates
{
    public void Transitions(IReadOnlyList<TransitionRecord> transitions)
    {
    }

    public void CustomerChanged(string tenant, CustomerProfile customer)
    {
    }

    public void TaskChanged(AgentTask task)
    {
    }

    public void CustomerErased(LiveErasure erasure)
    {
    }
}

using System.Threading.Channels;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Dashboard.Live;

/// <summary>
/// Where this host's customers report live updates: pushed at once to the agents connected here, and queued for
/// the other hosts of live screens in the cluster while there are any (<see cref="LiveClusterLink"/> sends the queue).
/// The queue is bounded: under a flood the oldest updates are dropped, as a live feed may; screens reload on reconnect.
/// </summary>
public sealed class LiveRelay(HubLiveUpdates local) : ILiveUpdates
{
    public const int Capacity = 100_000;

    private readonly Channel<object> _outgoing = Channel.CreateBounded<object>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private volatile int _otherHosts;

    /// <summary>How many other hosts of live screens the cluster has, as last reported by the fan-out.</summary>
    public int OtherHosts
    {
        get => _otherHosts;
        set => _otherHosts = value;
    }

    public ChannelReader<object> Outgoing => _outgoing.Reader;

    /// <summary>
    /// Called in the customer's turn, inside the transitions' span: the push here is a child of it. A transition queued
    /// for other hosts carries that span's context, for their push to link to.
    /// </summary>
    public void Transitions(IReadOnlyList<TransitionRecord> transitions)
    {
        using var span = ReactionSpans.LivePush(transitions.Count > 0 ? transitions[0].Tenant : null, transitions.Count);
        local.Transitions(transitions);
        if (_otherHosts > 0)
        {
            var traceParent = TraceParent.Current();
            foreach (var transition in transitions)
            {
                _outgoing.Writer.TryWrite(traceParent is null ? transition : new TracedTransition(transition, traceParent));
            }
        }
    }

    public void CustomerChanged(string tenant, CustomerProfile customer)
    {
        local.CustomerChanged(tenant, customer);
        if (_otherHosts > 0)
        {
            _outgoing.Writer.TryWrite(new LiveCustomerChange(tenant, customer));
        }
    }

    public void TaskChanged(AgentTask task)
    {
        local.TaskChanged(task);
        if (_otherHosts > 0)
        {
            _outgoing.Writer.TryWrite(task);
        }
    }

    public void CustomerErased(LiveErasure erasure)
    {
        local.CustomerErased(erasure);
        if (_otherHosts > 0)
        {
            _outgoing.Writer.TryWrite(erasure);
        }
    }

    /// <summary>Takes what is queued now, at most <paramref name="max"/> updates, as one batch.</summary>
    public LiveBatch? TakeBatch(int max)
    {
        var transitions = new List<TransitionRecord>();
        var customers = new List<LiveCustomerChange>();
        var tasks = new List<AgentTask>();
        List<LiveErasure>? erasures = null;
        HashSet<string>? traceParents = null;
        var taken = 0;
        while (taken < max && _outgoing.Reader.TryRead(out var update))
        {
            taken++;
            switch (update)
            {
                case TransitionRecord transition:
                    transitions.Add(transition);
                    break;
                case TracedTransition traced:
                    transitions.Add(traced.Transition);
                    (traceParents ??= new(StringComparer.Ordinal)).Add(traced.TraceParent);
                    break;
                case LiveCustomerChange change:
                    customers.Add(change);
                    break;
                case AgentTask task:
                    tasks.Add(task);
                    break;
                case LiveErasure erasure:
                    (erasures ??= []).Add(erasure);
                    break;
            }
        }

        return taken == 0 ? null : new LiveBatch(transitions, customers, tasks, traceParents?.ToList(), erasures);
    }

    /// <summary>A transition queued for other hosts with the span it was detected in.</summary>
    private sealed record TracedTransition(TransitionRecord Transition, string TraceParent);
}

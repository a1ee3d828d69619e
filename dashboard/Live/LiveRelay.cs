using System.Threading.Channels;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Grains.Live;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Dashboard.Live;

/// <summary>
/// Where this host's customers report live updates: pushed at once to the agents connected here, and queued for
/// the other hosts of live screens in the cluster while there are any (<see cref="LiveClusterLink"/> sends the queue).
/// The queue is bounded: under a flood the oldest updates are dropped, as a live feed may; screens reload on reconnect.
/// </summary>
public sealed class LiveRelay(HubLiveUpdates local, TimeProvider time) : ILiveUpdates
{
    public const int Capacity = 100_000;

    /// <summary>
    /// How long this host goes on queuing for other hosts after the fan-out's answer turned to "none", and after the
    /// host started: a fan-out that has just moved to another silo (or just started) knows only the hosts that
    /// renewed since, and answers "none" to the first of them while the others are about to renew.
    /// </summary>
    public static readonly TimeSpan Linger = LiveHosts.Youth;

    private readonly Channel<object> _outgoing = Channel.CreateBounded<object>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private volatile int _otherHosts;
    private long _quietSince = time.GetTimestamp();

    /// <summary>Whether updates are queued for other hosts: the fan-out knows some, or said "none" less than <see cref="Linger"/> ago.</summary>
    public bool SharesWithOtherHosts => _otherHosts > 0 || time.GetElapsedTime(Volatile.Read(ref _quietSince)) < Linger;

    /// <summary>How many other hosts of live screens the fan-out knows, as it answered this host's registration.</summary>
    public void OtherHostsReported(int otherHosts)
    {
        if (otherHosts == 0 && _otherHosts > 0)
        {
            Volatile.Write(ref _quietSince, time.GetTimestamp());
        }

        _otherHosts = otherHosts;
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
        if (SharesWithOtherHosts)
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
        if (SharesWithOtherHosts)
        {
            _outgoing.Writer.TryWrite(new LiveCustomerChange(tenant, customer));
        }
    }

    public void TaskChanged(AgentTask task)
    {
        local.TaskChanged(task);
        if (SharesWithOtherHosts)
        {
            _outgoing.Writer.TryWrite(task);
        }
    }

    public void CustomerErased(LiveErasure erasure)
    {
        local.CustomerErased(erasure);
        if (SharesWithOtherHosts)
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

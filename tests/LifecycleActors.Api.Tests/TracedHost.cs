using System.Diagnostics;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// <see cref="CampaignHost"/> with traces recorded: the silo's tracer provider exports to memory, as a test's
/// exporter does through the host's <c>configureServices</c> hook. The listener sees the whole process, so tests
/// pick their own trace out of <see cref="Spans"/> (send a <c>traceparent</c> of your own).
/// </summary>
public sealed class TracedHost : CampaignHost
{
    private readonly SpanList _spans = new();

    /// <summary>The spans ended so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(_spans));

    /// <summary>The exporter's list, safe to read while the silo adds to it.</summary>
    private sealed class SpanList : ICollection<Activity>
    {
        private readonly Lock _gate = new();
        private readonly List<Activity> _items = [];

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public Activity[] Snapshot()
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }

        public void Add(Activity item)
        {
            lock (_gate)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_gate)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

using System.Diagnostics;
using OpenTelemetry;

namespace LifecycleActors.Silo.Telemetry;

/// <summary>
/// Removes the grain ids Orleans puts on its spans: a customer grain's id is <c>tenant/customerId</c>, and customer
/// ids stay out of traces. The grain type, method and silo remain.
/// </summary>
public sealed class GrainIdRedaction : BaseProcessor<Activity>
{
    private static readonly string[] GrainIdTags =
    [
        "orleans.grain.id", "orleans.rpc.target_id", "orleans.rpc.source_id",
        "orleans.directory.registered.address", "orleans.directory.forwarding.address", "orleans.durable_job.target_grain_id",
    ];

    public override void OnEnd(Activity data)
    {
        if (!data.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var tag in GrainIdTags)
        {
            if (data.GetTagItem(tag) is not null)
            {
                data.SetTag(tag, null);
            }
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LifecycleActors.Telemetry;

/// <summary>Registers the service's metrics, one singleton per area (once, however often called); exporters are the host's choice.</summary>
public static class TelemetryServices
{
    /// <summary>Every meter the service owns, for exporters to subscribe to.</summary>
    public static readonly IReadOnlyList<string> MeterNames =
    [
        IngestMetrics.MeterName, ApplyMetrics.MeterName, CustomerMetrics.MeterName, ReadModelMetrics.MeterName,
        LiveMetrics.MeterName, CampaignMetrics.MeterName, ModelMetrics.MeterName, ConnectorMetrics.MeterName,
    ];

    public static IServiceCollection AddLifecycleMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton<IngestMetrics>();
        services.TryAddSingleton<ApplyMetrics>();
        services.TryAddSingleton<CustomerMetrics>();
        services.TryAddSingleton<ReadModelMetrics>();
        services.TryAddSingleton<LiveMetrics>();
        services.TryAddSingleton<CampaignMetrics>();
        services.TryAddSingleton<ModelMetrics>();
        services.TryAddSingleton<ConnectorMetrics>();
        return services;
    }
}

using LifecycleActors.Silo.Hosting;
using LifecycleActors.Telemetry;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LifecycleActors.Silo.Telemetry;

/// <summary>
/// Metrics and traces for operators, through OpenTelemetry: the service's own meters plus ASP.NET Core, HttpClient,
/// the .NET runtime, Npgsql and Orleans; read by Prometheus at <c>/metrics</c>, and sent over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Traces are recorded only when something exports them (OTLP, or a test's
/// exporter), so an unobserved service pays nothing for them.
/// </summary>
public static class OperatorTelemetry
{
    public const string ServiceName = "lifecycle-actors";
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Orleans' trace sources: calls to the service's grains (with activity propagation), and their activation and
    /// state storage, so that a customer activated by a delivery applies its first events in the delivery's trace.
    /// Not <c>Microsoft.Orleans.Runtime</c>: the runtime's own calls (stream queue polls, membership, directory) are
    /// thousands of parentless spans a second on an idle silo.
    /// </summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Lifecycle", "Microsoft.Orleans.Storage"];

    public static IServiceCollection AddOperatorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLifecycleMetrics();
        services.AddMetricsAccess();

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: Environment.MachineName));
        // Off, nothing listens to the instruments: recording costs a check per call (how docs/benchmarks.md measures the cost).
        if (configuration.GetValue($"{MetricsOptions.Section}:{nameof(MetricsOptions.Enabled)}", true))
        {
            telemetry.WithMetrics(metrics => metrics
                .AddMeter([.. TelemetryServices.MeterNames])
                .AddMeter("Microsoft.Orleans", "System.Runtime")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter());
        }

        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(LifecycleTracing.SourceName)
            .AddSource(OrleansSources)
            .AddProcessor(new GrainIdRedaction())
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath))
            .AddHttpClientInstrumentation()
            .AddNpgsql());
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary><c>Lifecycle:Metrics</c> and the policy of who may read <c>/metrics</c>.</summary>
    public static IServiceCollection AddMetricsAccess(this IServiceCollection services)
    {
        services.AddValidatedOptions<MetricsOptions>(MetricsOptions.Section, o => o.Validate());
        services.AddSingleton<IAuthorizationHandler, MetricsAccess.Handler>();
        services.Configure<AuthorizationOptions>(MetricsAccess.AddPolicy);
        return services;
    }

    /// <summary><c>GET /metrics</c> in Prometheus' text format, for the callers <see cref="MetricsAccess"/> lets in.</summary>
    public static WebApplication MapOperatorMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(MetricsAccess.Policy);
        }

        return app;
    }
}

using System.Diagnostics;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Grains.Population;

/// <summary>
/// Refits one tenant's facts and model from the customers projection on a timer (and on request), stores them,
/// and makes due the customers a change affects, so they re-evaluate within one refresh period.
/// </summary>
public sealed partial class TenantModelGrain(
    IReadModel readModel,
    TenantFactsCache cache,
    RuleOptions rules,
    ITenantClock clock,
    IOptions<ModelOptions> options,
    ModelMetrics metrics,
    ILogger<TenantModelGrain> logger) : Grain, ITenantModelGrain
{
    private IGrainTimer? _timer;

    private string Tenant => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await cache.RefreshAsync(readModel, cancellationToken);

    public async Task<TenantModel> GetAsync() => cache.ModelOf(Tenant) ?? await RefitAsync();

    /// <summary>Refits, stores and applies the model and marks the customers it affects due; measured as a whole.</summary>
    public async Task<TenantModel> RefitAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var before = cache.ModelOf(Tenant);
        var population = await readModel.ReadPopulationAsync(Tenant, CancellationToken.None);
        var model = TenantModelFitter.Fit(population, rules, options.Value.MinPredictionCustomers, clock.Now(Tenant));
        await readModel.SaveTenantModelAsync(Tenant, model.FittedAt, JsonSerializer.Serialize(model, WireJson.Options), CancellationToken.None);
        cache.Apply(Tenant, model);

        // Customers re-evaluate when woken; they are woken once every silo has had time to load the new facts. In
        // event time the clock may stand still (a finished replay), so they are due at once: this silo has the facts.
        var wakeAt = clock.IsEventTime ? clock.Now(Tenant) : clock.Now(Tenant) + options.Value.Propagation;
        var vip = 0;
        var gap = 0;
        if (before?.VipThreshold != model.VipThreshold && (before is not null || model.VipThreshold != rules.VipMinSpend))
        {
            vip = await readModel.MarkVipCandidatesDueAsync(Tenant, model.VipThreshold, wakeAt, CancellationToken.None);
        }

        if (before?.PopulationGapDays != model.PopulationGapDays)
        {
            gap = await readModel.MarkGapBorrowersDueAsync(Tenant, wakeAt, CancellationToken.None);
        }

        metrics.Refitted(Tenant, Stopwatch.GetElapsedTime(started));
        LogRefitted(Tenant, model.Customers, model.VipThreshold, model.PopulationGapDays, vip, gap);
        return model;
    }

    public Task EnsureRefittingAsync()
    {
        var interval = options.Value.RefitInterval;
        _timer ??= this.RegisterGrainTimer(
            async _ =>
            {
                try
                {
                    await RefitAsync();
                }
                catch (Exception ex)
                {
                    StorageUnreachable.Log(logger, "Refit", ex, e => LogRefitFailed(e, Tenant));
                }
            },
            new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} refitted over {Customers} buyers: VIP threshold {Threshold}, population gap {Gap} days; {Vip} VIP candidates and {GapBorrowers} one-purchase customers to re-evaluate")]
    private partial void LogRefitted(string tenant, long customers, decimal? threshold, double? gap, int vip, int gapBorrowers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refitting tenant {Tenant} failed; retrying at the next interval")]
    private partial void LogRefitFailed(Exception exception, string tenant);
}

using System.Globalization;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.Kpis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LifecycleActors.Silo.Api;

/// <summary><c>GET /api/v1/kpis</c> and <c>GET /api/v1/cohorts</c>: the tenant's figures over time (contract §6, KPIs).</summary>
public static class KpisEndpoints
{
    /// <summary>At most this many periods in one answer (a year and a month of days).</summary>
    public const int MaxPeriods = 400;

    /// <summary>How long a request may spend bringing the KPI store up to date before it reads (the background pass does the rest).</summary>
    private static readonly TimeSpan CatchUpBudget = TimeSpan.FromSeconds(2);

    public static void MapKpis(this RouteGroupBuilder group)
    {
        var api = group.MapGroup("").WithTags("KPIs");
        api.MapGet("/kpis", KpisAsync)
            .WithSummary("The tenant's KPIs per day, ISO week or month of its time zone")
            .WithDescription("from and to are local dates (yyyy-MM-dd); by default the last 12 months, 12 weeks or 30 days up to today (the tenant's clock). Every figure is defined in contract §6.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/cohorts", CohortsAsync)
            .WithSummary("Cohort retention by month of first order, up to the tenant's current month");
    }

    private static async Task<Results<WireOk<KpiAnswer>, ProblemHttpResult>> KpisAsync(
        HttpContext http, string? from, string? to, string? interval, [FromServices] IKpiStore kpis, [FromServices] ITenantList tenants,
        [FromServices] IServiceProvider services, [FromServices] RuleOptions rules, CancellationToken cancellationToken)
    {
        var tenant = http.Tenant();
        if (!TryInterval(interval, out var length))
        {
            return ApiProblems.BadRequest("interval", "interval: must be day, week or month");
        }

        var zone = tenants.TimeZoneOf(tenant);
        if (!TryDate(to, out var last))
        {
            return ApiProblems.BadRequest("to", "to: must be a date yyyy-MM-dd");
        }

        var end = last ?? KpiPeriods.LocalDate(Now(services, tenant), zone);
        if (!TryDate(from, out var first))
        {
            return ApiProblems.BadRequest("from", "from: must be a date yyyy-MM-dd");
        }

        var start = first ?? DefaultFrom(end, length);
        if (start > end)
        {
            return ApiProblems.BadRequest("from", "from: must not be after to");
        }

        if (PeriodCount(start, end, length) > MaxPeriods)
        {
            return ApiProblems.BadRequest("from", $"from: at most {MaxPeriods} periods in one request; ask for a longer interval or a shorter range");
        }

        var (totals, pending) = await ReadTotalsAsync(kpis, tenants, tenant, cancellationToken);
        var figures = totals.Figures(start, end, length, zone, rules);
        return WireResults.Ok(new KpiAnswer(length.ToString().ToLowerInvariant(), zone.Id, pending, figures));
    }

    private static async Task<WireOk<CohortAnswer>> CohortsAsync(
        HttpContext http, [FromServices] IKpiStore kpis, [FromServices] ITenantList tenants, [FromServices] IServiceProvider services, CancellationToken cancellationToken)
    {
        var tenant = http.Tenant();
        var zone = tenants.TimeZoneOf(tenant);
        var asOf = Now(services, tenant);
        var (totals, pending) = await ReadTotalsAsync(kpis, tenants, tenant, cancellationToken);
        return WireResults.Ok(new CohortAnswer(zone.Id, asOf, pending, totals.Cohorts(asOf, zone)));
    }

    /// <summary>The tenant's sums once the store has caught up (or the budget is spent) and the customers still pending.</summary>
    private static async Task<(KpiTotals Totals, long Pending)> ReadTotalsAsync(IKpiStore kpis, ITenantList tenants, string tenant, CancellationToken cancellationToken)
    {
        await kpis.CatchUpAsync(tenants.TimeZoneOf, CatchUpBudget, cancellationToken);
        return await kpis.ReadTotalsAsync(tenant, cancellationToken);
    }

    /// <summary>The tenant's clock on a silo (its watermark in event-time mode); the standalone dashboard, which keeps no tenant clock, reads the wall clock.</summary>
    private static DateTimeOffset Now(IServiceProvider services, string tenant) =>
        services.GetService<ITenantClock>()?.Now(tenant) ?? services.GetRequiredService<TimeProvider>().GetUtcNow();

    private static DateOnly DefaultFrom(DateOnly to, KpiInterval interval) => interval switch
    {
        KpiInterval.Day => to.AddDays(-29),
        KpiInterval.Week => to.AddDays(-7 * 11),
        _ => to.AddMonths(-11),
    };

    private static int PeriodCount(DateOnly from, DateOnly to, KpiInterval interval) => interval switch
    {
        KpiInterval.Day => to.DayNumber - from.DayNumber + 1,
        KpiInterval.Week => ((KpiPeriods.StartOf(to, interval).DayNumber - KpiPeriods.StartOf(from, interval).DayNumber) / 7) + 1,
        _ => ((to.Year - from.Year) * 12) + to.Month - from.Month + 1,
    };

    private static bool TryInterval(string? text, out KpiInterval interval)
    {
        interval = KpiInterval.Month;
        switch (text)
        {
            case null or "month":
                return true;
            case "week":
                interval = KpiInterval.Week;
                return true;
            case "day":
                interval = KpiInterval.Day;
                return true;
            default:
                return false;
        }
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>
/// The answer of <c>GET /api/v1/kpis</c>: the interval, the tenant's time zone, the customers whose latest changes are
/// not in the figures yet (0 once the store has caught up) and one entry per period, oldest first.
/// </summary>
public sealed record KpiAnswer(string Interval, string TimeZone, long Pending, IReadOnlyList<KpiFigures> Periods);

/// <summary>The answer of <c>GET /api/v1/cohorts</c>: the cohorts up to the month holding <see cref="AsOf"/>, oldest first.</summary>
public sealed record CohortAnswer(string TimeZone, DateTimeOffset AsOf, long Pending, IReadOnlyList<Cohort> Cohorts);

using System.Globalization;
using LifecycleActors.Rules;
using LifecycleActors.Storage.ReadModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LifecycleActors.Silo.Api.Segments;

/// <summary>
/// The segment filters of <c>GET /api/v1/customers</c> and <c>GET /api/v1/customers/export.csv</c> (contract §6,
/// Segments), as the query string gives them; <see cref="TryParse"/> turns them into a <see cref="CustomerFilter"/> or a
/// 400 naming the first bad field.
/// </summary>
public sealed class CustomerSegmentQuery
{
    private static readonly string[] Temperatures = ["hot", "warm", "cold"];

    /// <summary>One or several stages: repeated (<c>stage=lapsed&amp;stage=at_risk</c>) or comma-separated.</summary>
    [FromQuery(Name = "stage")] public string[]? Stage { get; init; }

    [FromQuery(Name = "vip")] public string? Vip { get; init; }

    [FromQuery(Name = "advocate")] public string? Advocate { get; init; }

    [FromQuery(Name = "temperature")] public string? Temperature { get; init; }

    [FromQuery(Name = "minSpend")] public string? MinSpend { get; init; }

    [FromQuery(Name = "maxSpend")] public string? MaxSpend { get; init; }

    [FromQuery(Name = "pAliveBelow")] public string? PAliveBelow { get; init; }

    [FromQuery(Name = "lastOrderBefore")] public string? LastOrderBefore { get; init; }

    [FromQuery(Name = "lastOrderAfter")] public string? LastOrderAfter { get; init; }

    public bool TryParse(out CustomerFilter filter, out ProblemHttpResult? problem)
    {
        filter = CustomerFilter.Everyone;
        problem = Problem();
        if (problem is not null)
        {
            return false;
        }

        filter = new CustomerFilter
        {
            Stages = StageNames().Distinct(StringComparer.Ordinal).ToList(),
            Vip = Flag(Vip),
            Advocate = Flag(Advocate),
            Temperature = Present(Temperature),
            MinSpend = Amount(MinSpend),
            MaxSpend = Amount(MaxSpend),
            PAliveBelow = Present(PAliveBelow) is { } p ? double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
            LastOrderBefore = Date(LastOrderBefore),
            LastOrderAfter = Date(LastOrderAfter),
        };
        return true;
    }

    private ProblemHttpResult? Problem()
    {
        if (StageNames().FirstOrDefault(s => !Stages.TryParse(s, out _)) is { } stage)
        {
            return ApiProblems.BadRequest("stage", $"stage: '{Shorten(stage)}' is not one of {string.Join(", ", Stages.All.Select(s => s.ToWireName()))}");
        }

        foreach (var (name, text) in new[] { ("vip", Vip), ("advocate", Advocate) })
        {
            if (Present(text) is { } flag && !bool.TryParse(flag, out _))
            {
                return ApiProblems.BadRequest(name, $"{name}: must be true or false");
            }
        }

        if (Present(Temperature) is { } temperature && !Temperatures.Contains(temperature, StringComparer.Ordinal))
        {
            return ApiProblems.BadRequest("temperature", "temperature: must be one of hot, warm, cold");
        }

        foreach (var (name, text) in new[] { ("minSpend", MinSpend), ("maxSpend", MaxSpend) })
        {
            if (Present(text) is { } amount && !TryAmount(amount, out _))
            {
                return ApiProblems.BadRequest(name, $"{name}: must be an amount of at least 0, such as 250 or 99.90");
            }
        }

        if (Amount(MinSpend) is { } min && Amount(MaxSpend) is { } max && max < min)
        {
            return ApiProblems.BadRequest("maxSpend", "maxSpend: must not be below minSpend");
        }

        if (Present(PAliveBelow) is { } pAlive
            && !(double.TryParse(pAlive, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 1))
        {
            return ApiProblems.BadRequest("pAliveBelow", "pAliveBelow: must be a number above 0 and at most 1, such as 0.3");
        }

        foreach (var (name, text) in new[] { ("lastOrderBefore", LastOrderBefore), ("lastOrderAfter", LastOrderAfter) })
        {
            if (Present(text) is { } date && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return ApiProblems.BadRequest(name, $"{name}: must be a date yyyy-MM-dd (UTC), such as 2026-01-31");
            }
        }

        return null;
    }

    private IEnumerable<string> StageNames() =>
        (Stage ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static string? Present(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool? Flag(string? text) => Present(text) is { } flag ? bool.Parse(flag) : null;

    private static decimal? Amount(string? text) => Present(text) is { } amount && TryAmount(amount, out var value) ? value : null;

    private static bool TryAmount(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value <= 1_000_000_000_000m;

    private static DateOnly? Date(string? text) =>
        Present(text) is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Import;

/// <summary>Everything an import did and measured; the output formats only present it.</summary>
internal sealed record ImportReport
{
    public required ImportOptions Options { get; init; }

    /// <summary>The format and the file.</summary>
    public required string Source { get; init; }

    public required long RecordsRead { get; init; }

    /// <summary>What <see cref="RecordsRead"/> counts (lines, rows).</summary>
    public required string RecordUnit { get; init; }

    /// <summary>Events taken from the input to be sent.</summary>
    public required long EventsRead { get; init; }

    /// <summary>
    /// The service's answers; <see cref="EventTotals.Elapsed"/> runs from the first request until the last answer
    /// (reading the input while sending included).
    /// </summary>
    public required EventTotals Totals { get; init; }

    public required IReadOnlyList<SkipCount> Skipped { get; init; }

    /// <summary>The first rejected events and refused batches, as printed.</summary>
    public required IReadOnlyList<string> FirstRejections { get; init; }

    /// <summary>Why the import stopped before the end of the input; null if it did not.</summary>
    public string? Aborted { get; init; }

    /// <summary>With <c>--wait-applied</c>, once the import got that far.</summary>
    public ApplyOutcome? Apply { get; init; }

    /// <summary>With <c>--wait-applied</c>: customers per stage at the last stats read.</summary>
    public IReadOnlyList<KeyValuePair<string, long>>? Stages { get; init; }

    /// <summary>Input records that could not be read (not those left out by the mapping's design).</summary>
    public long InputErrors => Skipped.Where(s => s.IsInputError).Sum(s => s.Count);

    public double EventsPerSecond => Totals.PerSecond(Totals.Acknowledged);
}

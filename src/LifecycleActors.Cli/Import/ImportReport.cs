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

    /// <summary>Events in answered requests.</summary>
    public required long Sent { get; init; }

    public required long Requests { get; init; }

    public required long Accepted { get; init; }

    public required long Duplicates { get; init; }

    /// <summary>Rejected one by one in a 202.</summary>
    public required long RejectedEvents { get; init; }

    public required long RefusedBatches { get; init; }

    /// <summary>Events in batches refused whole (400, 413).</summary>
    public required long RefusedEvents { get; init; }

    public required long Retries { get; init; }

    public required IReadOnlyList<SkipCount> Skipped { get; init; }

    /// <summary>The first rejected events and refused batches, as printed.</summary>
    public required IReadOnlyList<string> FirstRejections { get; init; }

    /// <summary>From the first request until the last answer (reading the input while sending included).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Why the import stopped before the end of the input; null if it did not.</summary>
    public string? Aborted { get; init; }

    /// <summary>With <c>--wait-applied</c>: <c>eventsApplied</c> before the import.</summary>
    public long? BaselineApplied { get; init; }

    /// <summary>With <c>--wait-applied</c>: the <c>eventsApplied</c> that means "all accepted events applied".</summary>
    public long? TargetApplied { get; init; }

    /// <summary>With <c>--wait-applied</c>: waiting from the last answer until applied (or until giving up).</summary>
    public ApplyResult? Apply { get; init; }

    /// <summary>With <c>--wait-applied</c>: customers per stage at the last stats read.</summary>
    public IReadOnlyList<KeyValuePair<string, long>>? Stages { get; init; }

    public long Rejected => RejectedEvents + RefusedEvents;

    /// <summary>Input records that could not be read (not those left out by the mapping's design).</summary>
    public long InputErrors => Skipped.Where(s => s.IsInputError).Sum(s => s.Count);

    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;

    /// <summary>Events of this import applied so far, as far as the last stats read tells.</summary>
    public long? AppliedOfRun => Apply?.LastValue - BaselineApplied;
}

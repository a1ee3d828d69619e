namespace LifecycleActors.Ingestion;

/// <summary>
/// The outcome of <see cref="EventBatchParser.Parse"/>: either a batch-level error (<see cref="Error"/> set, no
/// elements) or, for <see cref="BatchOutcome.Parsed"/>, one verdict per array element in input order.
/// </summary>
public sealed class BatchParseResult
{
    private BatchParseResult(
        BatchOutcome outcome,
        string? error,
        int eventCount,
        IReadOnlyList<BatchElement> elements,
        IReadOnlyList<ParsedEvent> events,
        IReadOnlyList<RejectedEvent> rejected)
    {
        Outcome = outcome;
        Error = error;
        EventCount = eventCount;
        Elements = elements;
        Events = events;
        Rejected = rejected;
    }

    public BatchOutcome Outcome { get; }

    /// <summary>The batch-level error message (starting with <c>body:</c>); null when <see cref="Outcome"/> is Parsed.</summary>
    public string? Error { get; }

    /// <summary>Whether the whole body was refused; then there are no elements.</summary>
    public bool IsBatchError => Outcome != BatchOutcome.Parsed;

    /// <summary>The number of elements in the array (also for <see cref="BatchOutcome.TooManyEvents"/>); 0 when not an array.</summary>
    public int EventCount { get; }

    /// <summary>Every element's verdict, in input order.</summary>
    public IReadOnlyList<BatchElement> Elements { get; }

    /// <summary>The valid events, in input order.</summary>
    public IReadOnlyList<ParsedEvent> Events { get; }

    /// <summary>The invalid events, in input order.</summary>
    public IReadOnlyList<RejectedEvent> Rejected { get; }

    internal static BatchParseResult Failed(BatchOutcome outcome, string error, int eventCount = 0) =>
        new(outcome, error, eventCount, [], [], []);

    internal static BatchParseResult Parsed(
        BatchElement[] elements, List<ParsedEvent> events, List<RejectedEvent> rejected) =>
        new(BatchOutcome.Parsed, null, elements.Length, elements, events, rejected);
}

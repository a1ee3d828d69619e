using System.Collections.Concurrent;
using LifecycleActors.Cli.Output;

namespace LifecycleActors.Cli.Import;

/// <summary>
/// Messages of an import on stderr: problems with the input and answers of the service that are worth reading. Only
/// the first few of each kind are printed (all are counted in the summary); on a terminal a message first clears the
/// progress line it would otherwise be written into. Safe to use from concurrent senders.
/// </summary>
internal sealed class ImportLog(TextWriter stderr, bool terminal)
{
    public const int MaxPerKind = 5;

    public const string InvalidInput = "input records that cannot be read";

    public const string RejectedEvents = "rejected events";

    public const string RefusedBatches = "refused batches";

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly List<string> _firstRejections = [];

    /// <summary>The first rejected events and refused batches, for the report.</summary>
    public IReadOnlyList<string> FirstRejections
    {
        get
        {
            lock (_lock)
            {
                return [.. _firstRejections];
            }
        }
    }

    /// <summary>Prints <paramref name="message"/> if fewer than <see cref="MaxPerKind"/> of <paramref name="kind"/> were printed.</summary>
    public void Report(string kind, string message)
    {
        var count = _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (kind is RejectedEvents or RefusedBatches && count <= MaxPerKind)
        {
            lock (_lock)
            {
                _firstRejections.Add(message);
            }
        }

        if (count <= MaxPerKind)
        {
            Write(message);
        }
        else if (count == MaxPerKind + 1)
        {
            Write($"(further {kind} are counted in the summary, not shown)");
        }
    }

    public void Write(string message) => stderr.WriteLine($"{(terminal ? ProgressLine.ClearLine : "")}lifecycle import: {message}");
}

namespace LifecycleActors.Cli.Import;

/// <summary>One event to send: its JSON object as UTF-8, and where it came from.</summary>
/// <param name="Line">The input line, for messages about it; 0 when the event has no line of its own (converted input).</param>
internal readonly record struct SourceEvent(byte[] Json, long Line);

/// <summary>Input records left out, for one reason.</summary>
/// <param name="Key">A camelCase name for the JSON report.</param>
/// <param name="Unit">What is counted: lines, rows, invoices, ...</param>
/// <param name="IsInputError">The input is broken there (the exit code says so), rather than left out by design.</param>
internal sealed record SkipCount(string Key, string Reason, long Count, string Unit, bool IsInputError);

/// <summary>An input of <c>lifecycle import</c>: the events to send, in order, and what was left out.</summary>
internal interface IImportSource : IDisposable
{
    /// <summary>The format and the file, for the summary.</summary>
    string Description { get; }

    /// <summary>Events to send, when known before reading (a converted file); null for a stream.</summary>
    long? TotalEvents { get; }

    /// <summary>Bytes of input, when known (a file); null for stdin or converted input.</summary>
    long? TotalBytes { get; }

    /// <summary>Bytes read so far (safe to read while <see cref="ReadAsync"/> runs).</summary>
    long BytesRead { get; }

    /// <summary>Input records read so far: non-blank lines, or CSV rows.</summary>
    long RecordsRead { get; }

    /// <summary>What "records" are, for the summary (lines, rows).</summary>
    string RecordUnit { get; }

    /// <summary>Events read so far (each is sent unless the run stops).</summary>
    long EventsRead { get; }

    /// <summary>Records left out so far, by reason.</summary>
    IReadOnlyList<SkipCount> Skipped { get; }

    /// <summary>The events in send order.</summary>
    /// <param name="log">Told about records left out because they are broken.</param>
    /// <exception cref="IOException">The input cannot be read.</exception>
    IAsyncEnumerable<SourceEvent> ReadAsync(ImportLog log, CancellationToken cancellationToken);
}

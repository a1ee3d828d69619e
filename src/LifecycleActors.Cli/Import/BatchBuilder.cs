using System.Globalization;

namespace LifecycleActors.Cli.Import;

/// <summary>One request body: a JSON array of events, with where they came from.</summary>
/// <param name="FirstEvent">The 1-based position of its first event in the whole import.</param>
/// <param name="Lines">The input line of each event, when the input has lines.</param>
internal sealed record ImportBatch(byte[] Body, int Events, long FirstEvent, long[]? Lines)
{
    /// <summary>Where an event of the batch came from, for messages: its line, or its position in the import.</summary>
    public string Origin(int index) =>
        Lines is { } lines && index >= 0 && index < lines.Length
            ? string.Create(CultureInfo.InvariantCulture, $"line {lines[index]}")
            : string.Create(CultureInfo.InvariantCulture, $"event {FirstEvent + index:N0}");

    /// <summary>"lines 3–502" or "events 1–500", for messages about the whole batch.</summary>
    public string Range =>
        Lines is { Length: > 0 } lines
            ? string.Create(CultureInfo.InvariantCulture, $"{Events:N0} events, lines {lines[0]}–{lines[^1]}")
            : string.Create(CultureInfo.InvariantCulture, $"{Events:N0} events, {FirstEvent:N0}–{FirstEvent + Events - 1:N0}");
}

/// <summary>
/// Packs events into request bodies of at most <c>maxEvents</c> events and <c>maxBodyBytes</c> bytes (contract §6: 1..1000
/// events, 1 MiB), in input order; the events' JSON goes in byte for byte.
/// </summary>
internal sealed class BatchBuilder(int maxEvents, int maxBodyBytes)
{
    private readonly List<SourceEvent> _pending = [];
    private long _bodyBytes;
    private long _events;

    /// <summary>The largest event that fits a body on its own, between the array's brackets.</summary>
    public static int MaxEventBytes(int maxBodyBytes) => maxBodyBytes - 2;

    /// <summary>Adds an event; appends to <paramref name="completed"/> the batches it completes (by count or by size).</summary>
    /// <exception cref="ArgumentException">The event is larger than <see cref="MaxEventBytes"/>.</exception>
    public void Add(SourceEvent e, List<ImportBatch> completed)
    {
        if (e.Json.Length > MaxEventBytes(maxBodyBytes))
        {
            throw new ArgumentException($"an event of {e.Json.Length} bytes does not fit a body of {maxBodyBytes}", nameof(e));
        }

        // Brackets around the array and a comma before every event but the first.
        if (_pending.Count > 0 && 2 + _bodyBytes + _pending.Count + e.Json.Length > maxBodyBytes)
        {
            completed.Add(Build());
        }

        _pending.Add(e);
        _bodyBytes += e.Json.Length;
        if (_pending.Count == maxEvents)
        {
            completed.Add(Build());
        }
    }

    /// <summary>The last, partial batch; null if nothing is pending.</summary>
    public ImportBatch? Flush() => _pending.Count > 0 ? Build() : null;

    private ImportBatch Build()
    {
        var body = new byte[2 + _bodyBytes + _pending.Count - 1];
        var at = 0;
        body[at++] = (byte)'[';
        for (var i = 0; i < _pending.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            _pending[i].Json.CopyTo(body, at);
            at += _pending[i].Json.Length;
        }

        body[at] = (byte)']';
        var lines = _pending[0].Line > 0 ? _pending.Select(p => p.Line).ToArray() : null;
        var batch = new ImportBatch(body, _pending.Count, _events + 1, lines);
        _events += _pending.Count;
        _pending.Clear();
        _bodyBytes = 0;
        return batch;
    }
}

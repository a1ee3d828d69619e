using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace LifecycleActors.Ingestion;

/// <summary>
/// Turns a <c>POST /api/v1/events</c> body into per-event verdicts (contract §2 and §6). Valid events are returned even
/// when others in the same batch are rejected; only a body that is not a non-empty, small enough array fails whole.
/// </summary>
public static class EventBatchParser
{
    public const int DefaultMaxEvents = 1000;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <param name="utf8Body">The request body; it must not change while this call runs.</param>
    /// <param name="wallClock">The service's wall-clock time, for the "not ahead of now" rule on <c>occurredAt</c>.</param>
    /// <param name="maxEvents">The largest batch accepted; larger ones yield <see cref="BatchOutcome.TooManyEvents"/>.</param>
    public static BatchParseResult Parse(ReadOnlyMemory<byte> utf8Body, DateTimeOffset wallClock, int maxEvents = DefaultMaxEvents)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);

        // RFC 8259 lets a parser ignore a byte order mark; some HTTP clients still send one.
        var skipped = utf8Body.Span.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var body = utf8Body[skipped..];

        // The JSON reader does not validate UTF-8 inside strings; checking up front keeps every later read safe.
        if (!Utf8.IsValid(body.Span))
        {
            return BatchParseResult.Failed(
                BatchOutcome.InvalidJson, $"body: not valid JSON (invalid UTF-8 at byte offset {skipped + InvalidUtf8Offset(body.Span)})");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return BatchParseResult.Failed(BatchOutcome.InvalidJson, $"body: not valid JSON ({Describe(e)})");
        }

        using (document)
        {
            return ParseArray(document.RootElement, wallClock, maxEvents);
        }
    }

    private static BatchParseResult ParseArray(JsonElement root, DateTimeOffset wallClock, int maxEvents)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return BatchParseResult.Failed(BatchOutcome.NotAnArray, "body: must be a JSON array of events");
        }

        var count = root.GetArrayLength();
        if (count == 0)
        {
            return BatchParseResult.Failed(BatchOutcome.Empty, $"body: must contain 1..{maxEvents} events");
        }

        if (count > maxEvents)
        {
            return BatchParseResult.Failed(
                BatchOutcome.TooManyEvents, $"body: too many events ({count}); must contain 1..{maxEvents} events", count);
        }

        var elements = new BatchElement[count];
        var events = new List<ParsedEvent>(count);
        var rejected = new List<RejectedEvent>();
        using var validator = new EventValidator(wallClock);
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var verdict = validator.Validate(element, index);
            elements[index++] = verdict;
            if (verdict is ParsedEvent parsed)
            {
                events.Add(parsed);
            }
            else
            {
                rejected.Add((RejectedEvent)verdict);
            }
        }

        return BatchParseResult.Parsed(elements, events, rejected);
    }

    private static string Describe(JsonException e)
    {
        // The reader's message ends with its own zero-based "LineNumber: … | BytePositionInLine: …"; say it once, one-based.
        var message = e.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var detail = suffix >= 0 ? message[..suffix] : message;
        return e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? $"line {line + 1}, byte {position + 1}: {detail}"
            : detail;
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (offset < text.Length && Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }
}

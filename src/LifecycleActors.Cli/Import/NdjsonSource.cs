using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;

namespace LifecycleActors.Cli.Import;

/// <summary>
/// NDJSON: one event object per line, streamed (never the whole input in memory) and sent byte for byte as written;
/// the service validates the events. Here a line is only checked to be one JSON object, so that one broken line
/// cannot make the service refuse the whole batch around it.
/// </summary>
internal sealed class NdjsonSource : IImportSource
{
    private readonly Stream _stream;
    private readonly NdjsonLineReader _lines;
    private readonly string _name;
    private long _records;
    private long _events;
    private long _notObjects;
    private long _tooLong;

    /// <param name="maxEventBytes">The largest event that fits in a request on its own.</param>
    public NdjsonSource(Stream stream, string name, long? length, int maxEventBytes)
    {
        _stream = stream;
        _name = name;
        TotalBytes = length;
        MaxEventBytes = maxEventBytes;
        _lines = new NdjsonLineReader(stream, maxEventBytes);
    }

    public int MaxEventBytes { get; }

    public string Description => $"ndjson {_name}";

    public long? TotalEvents => null;

    public long? TotalBytes { get; }

    public long BytesRead => _lines.BytesRead;

    public long RecordsRead => Interlocked.Read(ref _records);

    public string RecordUnit => "lines";

    public long EventsRead => Interlocked.Read(ref _events);

    public IReadOnlyList<SkipCount> Skipped =>
    [
        new("notJsonObjects", "not a JSON object", Interlocked.Read(ref _notObjects), "lines", IsInputError: true),
        new("tooLong", "too long for one request", Interlocked.Read(ref _tooLong), "lines", IsInputError: true),
    ];

    /// <summary>Opens a file, or standard input for <see cref="ImportOptions.Stdin"/>.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static NdjsonSource Open(string path, Func<Stream> openStdin, int maxEventBytes)
    {
        if (path == ImportOptions.Stdin)
        {
            return new NdjsonSource(openStdin(), "stdin", null, maxEventBytes);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        return new NdjsonSource(file, path, file.Length, maxEventBytes);
    }

    public async IAsyncEnumerable<SourceEvent> ReadAsync(ImportLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.TooLong)
            {
                Interlocked.Increment(ref _records);
                Interlocked.Increment(ref _tooLong);
                log.Report(ImportLog.InvalidInput, $"line {line.Number}: longer than the {MaxEventBytes:N0} bytes an event may take in one request; skipped");
                continue;
            }

            if (line.Bytes.Span.TrimStart(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            Interlocked.Increment(ref _records);
            if (ObjectError(line.Bytes.Span) is { } error)
            {
                Interlocked.Increment(ref _notObjects);
                log.Report(ImportLog.InvalidInput, $"line {line.Number}: {error}; skipped");
                continue;
            }

            Interlocked.Increment(ref _events);
            yield return new SourceEvent(line.Bytes.ToArray(), line.Number);
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <returns>Why <paramref name="line"/> is not exactly one JSON object; null if it is.</returns>
    internal static string? ObjectError(ReadOnlySpan<byte> line)
    {
        // The JSON reader leaves strings' UTF-8 unchecked, and one bad byte would make the service refuse the batch.
        if (!Utf8.IsValid(line))
        {
            return "not a JSON object (invalid UTF-8)";
        }

        // Multiple values are allowed only so that a second one is named as such instead of as a syntax error.
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return $"not a JSON object (a {Describe(reader.TokenType)})";
            }

            reader.Skip();
            return reader.Read() ? "not a JSON object (more than one JSON value on the line)" : null;
        }
        catch (JsonException e)
        {
            // The reader's message ends in its own position ("LineNumber: 0 | BytePositionInLine: 7."); the line is ours.
            var message = e.Message;
            var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return $"not a JSON object (invalid JSON at byte {e.BytePositionInLine}: {(position < 0 ? message : message[..position]).TrimEnd('.', ' ')})";
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "JSON array",
        JsonTokenType.String => "JSON string",
        JsonTokenType.Number => "JSON number",
        JsonTokenType.True or JsonTokenType.False => "JSON boolean",
        JsonTokenType.Null => "JSON null",
        _ => "JSON value",
    };
}

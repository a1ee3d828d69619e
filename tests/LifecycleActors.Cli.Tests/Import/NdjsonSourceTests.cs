using System.Text;
using LifecycleActors.Cli.Import;
using LifecycleActors.Cli.Tests.Support;

namespace LifecycleActors.Cli.Tests.Import;

public sealed class NdjsonSourceTests
{
    private static async Task<(List<SourceEvent> Events, NdjsonSource Source, string Log)> ReadAllAsync(byte[] input, int maxEventBytes = 1000)
    {
        using var log = new StringWriter();
        var source = new NdjsonSource(new MemoryStream(input), "test", input.Length, maxEventBytes);
        var events = new List<SourceEvent>();
        using var deadline = Deadline.Default();
        await foreach (var e in source.ReadAsync(new ImportLog(log, terminal: false), deadline.Token))
        {
            events.Add(e);
        }

        return (events, source, log.ToString());
    }

    private static string Text(SourceEvent e) => Encoding.UTF8.GetString(e.Json);

    [Fact]
    public async Task Each_object_line_is_an_event_as_written_and_blank_lines_are_ignored()
    {
        var input = "\uFEFF{\"id\":\"a\"}\r\n\n   \n{ \"id\" : \"b\", \"data\": {\"amount\": 1.50} }\n\t\n{\"id\":\"c\"}"u8.ToArray();

        var (events, source, log) = await ReadAllAsync(input);

        Assert.Equal(["{\"id\":\"a\"}", "{ \"id\" : \"b\", \"data\": {\"amount\": 1.50} }", "{\"id\":\"c\"}"], events.Select(Text));
        Assert.Equal([1L, 4L, 6L], events.Select(e => e.Line));
        Assert.Equal((3L, 3L), (source.RecordsRead, source.EventsRead));
        Assert.All(source.Skipped, s => Assert.Equal(0, s.Count));
        Assert.Empty(log);
        Assert.Equal(input.Length, source.BytesRead);
    }

    [Fact]
    public async Task A_line_that_is_not_one_json_object_is_reported_with_its_number_and_skipped()
    {
        var input = Encoding.UTF8.GetBytes(string.Join('\n',
            """{"id":"ok-1"}""",
            "not json",
            """[{"id":"in-an-array"}]""",
            """{"id":"cut""",
            """{"id":"x"} {"id":"y"}""",
            "\"a string\"",
            """{"id":"ok-2"}"""));

        var (events, source, log) = await ReadAllAsync(input);

        Assert.Equal(["{\"id\":\"ok-1\"}", "{\"id\":\"ok-2\"}"], events.Select(Text));
        Assert.Equal([1L, 7L], events.Select(e => e.Line));
        Assert.Equal(5, source.Skipped.Single(s => s.Key == "notJsonObjects").Count);
        Assert.Equal((7L, 2L), (source.RecordsRead, source.EventsRead));
        Assert.Contains("lifecycle import: line 2: not a JSON object (invalid JSON at byte 1: 'not json' is an invalid JSON literal. Expected the literal 'null'); skipped", log, StringComparison.Ordinal);
        Assert.Contains("lifecycle import: line 3: not a JSON object (a JSON array); skipped", log, StringComparison.Ordinal);
        Assert.Contains("lifecycle import: line 4: not a JSON object (invalid JSON at byte 10: Expected end of string, but instead reached end of data); skipped", log, StringComparison.Ordinal);
        Assert.Contains("lifecycle import: line 5: not a JSON object (more than one JSON value on the line); skipped", log, StringComparison.Ordinal);
        Assert.Contains("lifecycle import: line 6: not a JSON object (a JSON string); skipped", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_is_caught_before_the_service_would_refuse_the_whole_batch()
    {
        byte[] input = [.. "{\"id\":\""u8, 0xC3, 0x28, .. "\"}\n{\"id\":\"ok\"}"u8];

        var (events, _, log) = await ReadAllAsync(input);

        Assert.Equal(2, Assert.Single(events).Line);
        Assert.Contains("line 1: not a JSON object (invalid UTF-8); skipped", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_too_long_for_a_request_is_skipped_without_being_held_in_memory()
    {
        var huge = "{\"id\":\"huge\",\"pad\":\"" + new string('x', 300_000) + "\"}";
        var input = Encoding.UTF8.GetBytes($"{{\"id\":\"a\"}}\n{huge}\n{{\"id\":\"b\"}}\n");

        var (events, source, log) = await ReadAllAsync(input, maxEventBytes: 1000);

        Assert.Equal(["{\"id\":\"a\"}", "{\"id\":\"b\"}"], events.Select(Text));
        Assert.Equal([1L, 3L], events.Select(e => e.Line));
        Assert.Equal(1, source.Skipped.Single(s => s.Key == "tooLong").Count);
        Assert.Contains("line 2: longer than the 1,000 bytes an event may take in one request; skipped", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_input_is_streamed_not_read_whole_before_the_first_event()
    {
        // 20 MB of events; the first event must come out after one block of reading, not after all of it.
        var stream = new GeneratedLines(lines: 200_000, lineBytes: 100);
        var source = new NdjsonSource(stream, "generated", stream.Length, maxEventBytes: 1000);
        using var log = new StringWriter();
        using var deadline = Deadline.Default();
        long? bytesAtFirstEvent = null;
        var count = 0;

        await foreach (var e in source.ReadAsync(new ImportLog(log, terminal: false), deadline.Token))
        {
            bytesAtFirstEvent ??= source.BytesRead;
            count++;
        }

        Assert.Equal(200_000, count);
        Assert.InRange(bytesAtFirstEvent!.Value, 1, 256 * 1024);
        Assert.Equal(stream.Length, source.BytesRead);
    }

    /// <summary>A read-only stream of numbered event lines, produced as they are read.</summary>
    private sealed class GeneratedLines(int lines, int lineBytes) : Stream
    {
        private long _position;

        public override long Length => (long)lines * lineBytes;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count && _position < Length)
            {
                var line = Line(_position / lineBytes);
                var at = (int)(_position % lineBytes);
                var n = Math.Min(count - written, lineBytes - at);
                Array.Copy(line, at, buffer, offset + written, n);
                written += n;
                _position += n;
            }

            return written;
        }

        private byte[] Line(long n)
        {
            var text = $"{{\"id\":\"e-{n}\",\"pad\":\"";
            return Encoding.ASCII.GetBytes(text + new string('x', lineBytes - text.Length - 3) + "\"}\n");
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Text;
using System.Text.Json;
using LifecycleActors.Cli.Import;

namespace LifecycleActors.Cli.Tests.Import;

public sealed class BatchBuilderTests
{
    private static SourceEvent Event(int n, int padding = 0, long line = 0) =>
        new(Encoding.UTF8.GetBytes($$"""{"id":"e-{{n}}","pad":"{{new string('x', padding)}}"}"""), line);

    private static List<ImportBatch> Pack(BatchBuilder builder, IEnumerable<SourceEvent> events)
    {
        var batches = new List<ImportBatch>();
        foreach (var e in events)
        {
            builder.Add(e, batches);
        }

        if (builder.Flush() is { } last)
        {
            batches.Add(last);
        }

        return batches;
    }

    private static List<string> Ids(ImportBatch batch) =>
        [.. JsonDocument.Parse(batch.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];

    [Fact]
    public void Batches_hold_at_most_the_count_and_keep_the_input_order()
    {
        var batches = Pack(new BatchBuilder(maxEvents: 3, maxBodyBytes: 1 << 20), Enumerable.Range(1, 8).Select(n => Event(n)));

        Assert.Equal([3, 3, 2], batches.Select(b => b.Events));
        Assert.Equal(["e-1", "e-2", "e-3", "e-4", "e-5", "e-6", "e-7", "e-8"], batches.SelectMany(Ids));
        Assert.Equal([1L, 4L, 7L], batches.Select(b => b.FirstEvent));
    }

    [Fact]
    public void The_events_go_in_byte_for_byte()
    {
        var odd = new SourceEvent(Encoding.UTF8.GetBytes("""{ "id" : "e-1",  "note":"Zoë \u00e9" }"""), 7);

        var batch = Assert.Single(Pack(new BatchBuilder(10, 1 << 20), [odd, Event(2, line: 9)]));

        Assert.Equal([(byte)'[', .. odd.Json, (byte)',', .. Event(2).Json, (byte)']'], batch.Body);
        Assert.Equal([7L, 9L], batch.Lines!);
        Assert.Equal("line 9", batch.Origin(1));
    }

    [Fact]
    public void A_batch_closes_before_the_event_that_would_take_it_over_the_byte_limit()
    {
        var events = Enumerable.Range(1, 10).Select(n => Event(n, padding: 80)).ToList();
        var size = events[0].Json.Length;
        // Exactly three events fit: brackets, three events and two commas.
        var limit = 2 + (3 * size) + 2;

        var batches = Pack(new BatchBuilder(maxEvents: 1000, maxBodyBytes: limit), events);

        Assert.Equal([3, 3, 3, 1], batches.Select(b => b.Events));
        Assert.Equal(limit, batches[0].Body.Length);
        Assert.All(batches, b => Assert.True(b.Body.Length <= limit));
        Assert.Equal(events.Select((_, i) => $"e-{i + 1}"), batches.SelectMany(Ids));

        var oneByteLess = Pack(new BatchBuilder(maxEvents: 1000, maxBodyBytes: limit - 1), events);
        Assert.Equal([2, 2, 2, 2, 2], oneByteLess.Select(b => b.Events));
    }

    [Fact]
    public void An_event_too_large_for_any_body_is_refused()
    {
        var builder = new BatchBuilder(10, maxBodyBytes: 50);

        Assert.Throws<ArgumentException>(() => builder.Add(Event(1, padding: 100), []));
    }
}

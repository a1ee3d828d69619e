using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using LifecycleActors.Rules.Events;
using LifecycleActors.Tests.Fuzz;

namespace LifecycleActors.Ingestion.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of <see cref="EventBatchParser"/> (issue 22): whatever the bytes, no exception, every
/// rejection names its field, a valid event among hostile ones is kept unchanged, and parsing is repeatable.
/// </summary>
public sealed partial class EventBatchFuzzTests
{
    private static readonly Gen<(string[] Hostile, int At, ValidOrder Valid)> Neighbours =
        Gen.Select(EventGen.Hostile.Array[0, 12], Gen.Int[0, 1000], EventGen.Valid)
            .Select((hostile, at, valid) => (hostile, at % (hostile.Length + 1), valid));

    private static readonly Gen<byte[]> AnyBody = Gen.Frequency(
        (4, Neighbours.SelectMany(n => HostileJson.Damaged(Encoding.UTF8.GetBytes(Body(n))))),
        (1, Gen.Byte.Array[0, 200]),
        (1, Gen.Select(EventGen.Valid, Gen.Int[60, 5000]).Select((valid, depth) => Encoding.UTF8.GetBytes($"[{valid.Json}, {HostileJson.Deep(depth, depth % 2 == 0)}]"))),
        (1, Gen.Int[1, 1100].Select(n => Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{}", n)) + "]"))),
        (1, HostileJson.Value(3).Select(Encoding.UTF8.GetBytes)));

    [Fact]
    public void A_valid_event_among_hostile_ones_is_kept_unchanged() =>
        FuzzBudget.Check("events: valid neighbour kept", Neighbours, n =>
        {
            var result = EventBatchParser.Parse(Encoding.UTF8.GetBytes(Body(n)), Batches.Now);

            Assert.Equal(BatchOutcome.Parsed, result.Outcome);
            Assert.Equal(n.Hostile.Length + 1, result.Elements.Count);
            var kept = Assert.IsType<ParsedEvent>(result.Elements[n.At]);
            Assert.Equal(
                (n.Valid.Id, n.Valid.CustomerId, EventType.OrderPlaced, n.Valid.OccurredAt, n.Valid.OccurredAt.Offset, n.Valid.Amount, "o-" + n.Valid.Id),
                (kept.Id, kept.CustomerId, kept.Type, kept.OccurredAt, kept.OccurredAt.Offset, kept.Amount, kept.OrderId));
            AssertVerdictsSound(result);
        }, shortIterations: 3000, print: Body);

    [Fact]
    public void Any_bytes_give_sound_repeatable_verdicts_without_throwing() =>
        FuzzBudget.Check("events: any bytes", AnyBody, body =>
        {
            var first = EventBatchParser.Parse(body, Batches.Now);
            var second = EventBatchParser.Parse(body, Batches.Now);

            AssertVerdictsSound(first);
            Assert.Equal(first.Outcome, second.Outcome);
            Assert.Equal(first.Error, second.Error);
            Assert.Equal(first.Elements, second.Elements);
        }, shortIterations: 3000, print: body => Encoding.UTF8.GetString(body));

    [Fact]
    public void The_corpus_replays_with_sound_verdicts()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var body = File.ReadAllBytes(file);
            var result = EventBatchParser.Parse(body, Batches.Now);
            AssertVerdictsSound(result);
            Assert.Equal(result.Elements, EventBatchParser.Parse(body, Batches.Now).Elements);
        }
    }

    internal static string Body((string[] Hostile, int At, ValidOrder Valid) n) =>
        "[" + string.Join(",\n", [.. n.Hostile[..n.At], n.Valid.Json, .. n.Hostile[n.At..]]) + "]";

    /// <summary>A batch error names the body; each rejection names its field (a JSON path before the colon).</summary>
    private static void AssertVerdictsSound(BatchParseResult result)
    {
        if (result.IsBatchError)
        {
            Assert.StartsWith("body: ", result.Error, StringComparison.Ordinal);
            Assert.Empty(result.Elements);
            return;
        }

        Assert.Null(result.Error);
        Assert.Equal(result.EventCount, result.Elements.Count);
        Assert.Equal(result.Elements.Count, result.Events.Count + result.Rejected.Count);
        for (var i = 0; i < result.Elements.Count; i++)
        {
            Assert.Equal(i, result.Elements[i].Index);
        }

        foreach (var rejected in result.Rejected)
        {
            Assert.Matches(FieldPrefix(), rejected.Error);
        }
    }

    [GeneratedRegex(@"^(event|[A-Za-z]+(\.[A-Za-z]+)*): \S")]
    private static partial Regex FieldPrefix();
}

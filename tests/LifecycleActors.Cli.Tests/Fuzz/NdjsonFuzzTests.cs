using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using LifecycleActors.Cli.Import;
using LifecycleActors.Cli.Tests.Support;
using LifecycleActors.Tests.Fuzz;

namespace LifecycleActors.Cli.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of the NDJSON rows of <c>lifecycle import</c> (issue 22): a valid line among hostile ones is
/// sent byte for byte with its line number, every skipped line is named, nothing throws, and a second read agrees.
/// </summary>
public sealed partial class NdjsonFuzzTests
{
    private const int MaxEventBytes = 4096;

    private static readonly Gen<byte[]> HostileLine = Gen.Frequency(
        (4, Gen.Select(HostileJson.Text, HostileJson.Value(2)).Array[0, 5].Select(p => Utf8(HostileJson.Object(p)))),
        (2, HostileJson.Value(2).Select(Utf8)),
        (2, Gen.Select(HostileJson.Text, HostileJson.Value(1)).Array[1, 4]
            .SelectMany(p => HostileJson.Damaged(Utf8(HostileJson.Object(p))))),
        (1, Gen.Int[60, 5000].Select(depth => Utf8(HostileJson.Deep(depth, depth % 2 == 0)))),
        (1, Gen.Int[MaxEventBytes - 2, MaxEventBytes * 3].Select(n => Utf8("{\"id\":\"" + new string('x', n) + "\"}"))),
        (1, Gen.OneOf("", " \t", "\r", "{}{}", "{} []", "\uFEFF{}", "{\"a\":1}\r\r").Select(Utf8)));

    private static readonly Gen<(byte[][] Hostile, int At, int Valid)> Neighbours =
        Gen.Select(HostileLine.Array[0, 12], Gen.Int[0, 1000], Gen.Int[0, 999_999])
            .Select((hostile, at, valid) => (
                hostile.Select(line => line.Select(b => b == (byte)'\n' ? (byte)' ' : b).ToArray()).ToArray(), at % (hostile.Length + 1), valid));

    [Fact]
    public void A_valid_line_among_hostile_ones_is_sent_as_written_with_its_number() =>
        FuzzBudget.Check("ndjson: valid neighbour kept", Neighbours, n =>
        {
            var valid = ValidLine(n.Valid);
            var (events, log) = Read(Input(n, valid));

            Assert.Contains(events, e => e.Line == n.At + 1 && e.Json.AsSpan().SequenceEqual(valid));
        }, shortIterations: 800, print: n => Encoding.UTF8.GetString(Input(n, ValidLine(n.Valid))));

    [Fact]
    public void Any_bytes_are_read_without_throwing_naming_each_skipped_line_and_alike_twice() =>
        FuzzBudget.Check("ndjson: any bytes", Gen.Frequency((3, Neighbours.Select(n => Input(n, ValidLine(n.Valid)))), (1, Gen.Byte.Array[0, 300])), input =>
        {
            var (events, log) = Read(input);
            var (again, logAgain) = Read(input);

            Assert.All(log.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(SkippedLine(), line));
            Assert.All(events, e => Assert.Null(NdjsonSource.ObjectError(e.Json)));
            Assert.Equal(events.Select(e => (e.Line, Convert.ToHexString(e.Json))), again.Select(e => (e.Line, Convert.ToHexString(e.Json))));
            Assert.Equal(log, logAgain);
        }, shortIterations: 1500, print: input => Encoding.UTF8.GetString(input));

    [Fact]
    public void The_corpus_replays_without_throwing()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus"), "*.ndjson");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var (_, log) = Read(File.ReadAllBytes(file));
            Assert.All(log.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(SkippedLine(), line));
        }
    }

    private static byte[] ValidLine(int n) =>
        Utf8($$$"""{"id":"valid-{{{n}}}","customerId":"c-{{{n % 977}}}","type":"order_placed","occurredAt":"2026-11-23T10:00:00Z","data":{"orderId":"o-{{{n}}}","amount":{{{n % 5000}}}.25}}""");

    private static byte[] Input((byte[][] Hostile, int At, int Valid) n, byte[] valid) =>
        [.. n.Hostile[..n.At].SelectMany(l => l.Append((byte)'\n')), .. valid, (byte)'\n', .. n.Hostile[n.At..].SelectMany(l => l.Append((byte)'\n'))];

    private static (List<SourceEvent> Events, string Log) Read(byte[] input)
    {
        using var log = new StringWriter();
        using var source = new NdjsonSource(new MemoryStream(input), "fuzz", input.Length, MaxEventBytes);
        var events = new List<SourceEvent>();
        using var deadline = Deadline.Default();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in source.ReadAsync(new ImportLog(log, terminal: false), deadline.Token))
            {
                events.Add(e);
            }
        });
        reading.GetAwaiter().GetResult();
        return (events, log.ToString());
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [GeneratedRegex(@"^lifecycle import: (line [1-9][0-9]*: \S|\(further )")]
    private static partial Regex SkippedLine();
}

using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using LifecycleActors.Cli.History;
using LifecycleActors.Tests.Fuzz;

namespace LifecycleActors.Cli.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of the Online Retail CSV rows of <c>lifecycle import</c> (issue 22): a valid invoice among
/// hostile rows becomes its order unchanged, every invalid row sample names its line, nothing throws, a second read agrees.
/// </summary>
public sealed partial class OnlineRetailFuzzTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static readonly Gen<string> Field = Gen.Frequency(
        (3, HostileJson.Text),
        (3, Gen.OneOf(HostileJson.NastyNumbers)),
        (1, Gen.OneOf("2010-12-01 08:26:00", "2010-12-01T08:26:00", "0001-01-01 00:00:00", "9999-12-31 23:59:59", "2011-02-29 10:00:00", "17850.0", "C536365")));

    /// <summary>A row of hostile fields, quoted as CSV requires (so it stays one record), or short or long.</summary>
    private static readonly Gen<string> HostileRow = Gen.Frequency(
        (6, Gen.Select(
                Gen.Frequency((3, Gen.Int[500_000, 599_999].Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, Gen.Int[500_000, 599_999].Select(i => $"C{i}")), (1, Field)),
                Field.Array[2],
                Gen.Frequency((2, Gen.Int[-100, 100].Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, Field)),
                Gen.Frequency((2, Gen.Const("2011-01-01 10:00:00")), (1, Field)),
                Gen.Frequency((2, Gen.Int[0, 100_000].Select(i => (i / 100m).ToString(CultureInfo.InvariantCulture))), (1, Field)),
                Gen.Frequency((3, Gen.Int[10_000, 10_100].Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, Field)),
                Field)
            .Select((invoice, stock, quantity, date, price, customer, country) => string.Join(",", new[] { invoice, stock[0], stock[1], quantity, date, price, customer, country }.Select(Csv)))),
        (1, Field.Array[0, 12].Select(fields => string.Join(",", fields.Select(Csv)))));

    private static readonly Gen<(string[] Hostile, int At, ValidRow Valid)> Neighbours =
        Gen.Select(HostileRow.Array[0, 15], Gen.Int[0, 1000], Gen.Int[1, 10_000], Gen.Int[0, 1_000_000], Gen.Int[0, 3_000_000])
            .Select((hostile, at, quantity, cents, minutes) => (hostile, at % (hostile.Length + 1),
                new ValidRow(quantity, cents / 100m, new DateTimeOffset(2009, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes))));

    [Fact]
    public void A_valid_invoice_among_hostile_rows_becomes_its_order_unchanged() =>
        FuzzBudget.Check("online retail: valid neighbour kept", Neighbours, n =>
        {
            var result = OnlineRetailHistory.Read(new StringReader(Input(n)));

            var order = Assert.Single(result.Events, e => e.Id == "ord-999999");
            Assert.Equal(
                ("12345", HistoryEvent.OrderPlaced, n.Valid.At, "999999", (decimal?)Math.Round(n.Valid.Quantity * n.Valid.Price, 2, MidpointRounding.AwayFromZero)),
                (order.CustomerId, order.Type, order.OccurredAt, order.OrderId, order.Amount));
        }, shortIterations: 1500, print: Input);

    [Fact]
    public void Any_text_after_the_header_is_read_without_throwing_naming_each_invalid_line() =>
        FuzzBudget.Check("online retail: any rows", Gen.Frequency((3, Neighbours.Select(Input)), (1, Gen.String[0, 300].Select(s => Header + "\n" + s))), text =>
        {
            var first = OnlineRetailHistory.Read(new StringReader(text));
            var second = OnlineRetailHistory.Read(new StringReader(text));

            Assert.All(first.Skipped.InvalidRowSamples, sample => Assert.Matches(InvalidRow(), sample));
            Assert.Equal(first.Skipped with { InvalidRowSamples = [] }, second.Skipped with { InvalidRowSamples = [] });
            Assert.Equal(first.Skipped.InvalidRowSamples, second.Skipped.InvalidRowSamples);
            Assert.Equal(first.Events.Select(e => e.ToUtf8Json()), second.Events.Select(e => e.ToUtf8Json()));
        }, shortIterations: 1500);

    [Fact]
    public void The_corpus_replays_without_throwing()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus"), "*.csv");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var result = OnlineRetailHistory.Read(new StringReader(File.ReadAllText(file)));
            Assert.All(result.Skipped.InvalidRowSamples, sample => Assert.Matches(InvalidRow(), sample));
        }
    }

    private static string Input((string[] Hostile, int At, ValidRow Valid) n) =>
        string.Join("\n", [Header, .. n.Hostile[..n.At], n.Valid.Csv, .. n.Hostile[n.At..]]) + "\n";

    /// <summary>Quoted when it must be: a comma, a quote, a CR or LF, or surrounding space.</summary>
    private static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field != field.Trim() ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    [GeneratedRegex(@"^line [1-9][0-9]*: \S")]
    private static partial Regex InvalidRow();

    private sealed record ValidRow(int Quantity, decimal Price, DateTimeOffset At)
    {
        public string Csv => string.Create(
            CultureInfo.InvariantCulture, $"999999,V1,VALID ROW,{Quantity},{At:yyyy-MM-dd HH:mm:ss},{Price},12345,United Kingdom");
    }
}

using System.IO.Compression;
using System.Text.Json;
using LifecycleActors.Cli.CommandLine;
using LifecycleActors.Cli.History;
using LifecycleActors.Cli.Tests.Support;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Cli.Tests.History;

/// <summary>
/// The conversion of the real UCI Online Retail file (../shared/data, skipped when absent). Counts that a naive reading
/// of the file can give are recomputed here; the others were computed independently of this code (Python's csv module
/// and decimal arithmetic over the same file) and are written down.
/// </summary>
public sealed class OnlineRetailDataSetTests
{
    [Fact]
    public void The_data_set_becomes_a_time_ordered_history_of_its_customers()
    {
        var path = SharedData.RequireOnlineRetail();
        var facts = NaiveFacts(path);

        var result = OnlineRetailHistory.Read(path);

        Assert.Equal(facts.Rows, result.Rows);
        Assert.Equal(facts.RowsWithoutCustomer, result.Skipped.RowsWithoutCustomer);
        Assert.Equal(0, result.Skipped.InvalidRows);
        Assert.Equal(0, result.Skipped.NegativeTotalInvoices);
        // With no negative totals, every invoice of a customer that is not a cancellation is an order, and the
        // customers with events are exactly those with such an invoice (a refund needs an earlier order).
        Assert.Equal(facts.OrderInvoices, result.Orders);
        Assert.Equal(facts.OrderingCustomers, result.Customers);

        // Computed independently (see the summary).
        Assert.Equal((541_909, 135_080, 18_536, 4_339), (result.Rows, result.Skipped.RowsWithoutCustomer, result.Orders, result.Customers));
        Assert.Equal(3_796, result.Refunds);
        Assert.Equal(1_306, result.Skipped.UnmatchedCancellationLines);
        Assert.Equal(0, result.Skipped.NonPositiveRefunds);
        Assert.Equal(8_911_407.90m, result.Events.Where(e => e.Type == HistoryEvent.OrderPlaced).Sum(e => e.Amount));
        Assert.Equal(487_108.11m, result.Events.Where(e => e.Type == HistoryEvent.OrderRefunded).Sum(e => e.Amount));
        Assert.Equal(("ord-536365", new DateTimeOffset(2010, 12, 1, 8, 26, 0, TimeSpan.Zero)), (result.Events[0].Id, result.Events[0].OccurredAt));
        Assert.Equal(("ord-581587", new DateTimeOffset(2011, 12, 9, 12, 50, 0, TimeSpan.Zero)), (result.Events[^1].Id, result.Events[^1].OccurredAt));

        Assert.Equal(result.Orders + result.Refunds, result.Events.Count);
        Assert.Equal(result.Events.Count, result.Events.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(result.Events, e => Assert.False(string.IsNullOrWhiteSpace(e.CustomerId), e.Id));
        for (var i = 1; i < result.Events.Count; i++)
        {
            Assert.True(OnlineRetailConverter.SendOrder(result.Events[i - 1], result.Events[i]) < 0, $"{result.Events[i - 1].Id} before {result.Events[i].Id}");
        }

        var orders = result.Events.Where(e => e.Type == HistoryEvent.OrderPlaced).ToDictionary(e => e.OrderId!);
        Assert.All(orders.Values, o => Assert.True(o.Amount >= 0, o.Id));
        Assert.All(result.Events.Where(e => e.Type == HistoryEvent.OrderRefunded), r =>
        {
            var original = orders[r.OrderId!];
            Assert.True(r.Amount > 0, r.Id);
            Assert.Equal(original.CustomerId, r.CustomerId);
            Assert.True(original.OccurredAt < r.OccurredAt, r.Id);
        });
    }

    [Fact]
    public async Task The_data_set_is_imported_whole_in_event_time_order()
    {
        var path = SharedData.RequireOnlineRetail();
        var expected = OnlineRetailHistory.Read(path);
        var api = new FakeLifecycleApi();
        await using var server = new FakeHttpServer(api.Handle);
        using var deadline = Deadline.In(TimeSpan.FromSeconds(60));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await Program.RunAsync(
            ["import", "--url", server.BaseUrl.AbsoluteUri, "--api-key", FakeLifecycleApi.ApiKey, "--online-retail", path, "--concurrency", "1", "--batch", "1000"],
            stdout,
            stderr,
            deadline.Token,
            new CliEnvironment(_ => null, () => Stream.Null, StderrIsTerminal: false));

        // Rows left out by the mapping's design do not make the import fail.
        Assert.True(exitCode == ExitCodes.Ok, stderr.ToString());
        var sent = server.Requests.Where(r => r.Method == "POST")
            .SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!))
            .ToList();
        Assert.Equal(expected.Events.Select(e => e.Id), sent);
        Assert.Equal(expected.Events.Count, api.Events.Count);
    }

    private sealed record Facts(long Rows, long RowsWithoutCustomer, int OrderInvoices, int OrderingCustomers);

    /// <summary>
    /// Counts by splitting lines on commas, without the CSV reader: descriptions may hold quoted commas, but InvoiceNo
    /// is the first field and CustomerID the second last (no Country holds a comma), and no field spans lines.
    /// </summary>
    private static Facts NaiveFacts(string path)
    {
        using var text = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        text.ReadLine();
        long rows = 0, withoutCustomer = 0;
        var invoices = new HashSet<string>(StringComparer.Ordinal);
        var customers = new HashSet<string>(StringComparer.Ordinal);
        while (text.ReadLine() is { } line)
        {
            rows++;
            var fields = line.Split(',');
            var customer = fields[^2];
            if (customer.Length == 0)
            {
                withoutCustomer++;
            }
            else if (!fields[0].StartsWith('C'))
            {
                invoices.Add(fields[0]);
                customers.Add(customer);
            }
        }

        return new Facts(rows, withoutCustomer, invoices.Count, customers.Count);
    }
}

using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LifecycleActors.Cli.History;

namespace LifecycleActors.Cli.Tests.History;

/// <summary>The Online Retail mapping on small hand-made files whose expected events can be worked out by hand.</summary>
public sealed class OnlineRetailHistoryTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static OnlineRetailConversion Convert(params string[] rows) =>
        OnlineRetailHistory.Read(new StringReader(string.Join('\n', [Header, .. rows]) + "\n"));

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void An_invoice_is_one_order_with_the_sum_of_its_lines_rounded_to_cents()
    {
        var result = Convert(
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
            "536365,71053,\"LANTERN, WHITE METAL\",6,2010-12-01 08:26:00,3.39,17850,United Kingdom",
            "536365,22633,HAND WARMER,3,2010-12-01 08:26:00,0.335,17850,United Kingdom");

        var order = Assert.Single(result.Events);
        Assert.Equal(("ord-536365", "17850", HistoryEvent.OrderPlaced), (order.Id, order.CustomerId, order.Type));
        Assert.Equal(Utc("2010-12-01T08:26:00"), order.OccurredAt);
        Assert.Equal(TimeSpan.Zero, order.OccurredAt.Offset);
        // 15.30 + 20.34 + 1.005 = 36.645, rounded half away from zero.
        Assert.Equal(36.65m, order.Amount);
        Assert.Equal("536365", order.OrderId);
        Assert.Equal((1, 0, 1, 3L), (result.Orders, result.Refunds, result.Customers, result.Rows));
    }

    [Fact]
    public void The_event_json_is_the_spec_shape_with_a_utc_time()
    {
        var result = Convert("536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom");

        using var json = JsonDocument.Parse(Assert.Single(result.Events).ToUtf8Json());
        var e = json.RootElement;
        Assert.Equal("ord-536365", e.GetProperty("id").GetString());
        Assert.Equal("17850", e.GetProperty("customerId").GetString());
        Assert.Equal("order_placed", e.GetProperty("type").GetString());
        Assert.Equal("2010-12-01T08:26:00Z", e.GetProperty("occurredAt").GetString());
        Assert.Equal("536365", e.GetProperty("data").GetProperty("orderId").GetString());
        Assert.Equal(15.3m, e.GetProperty("data").GetProperty("amount").GetDecimal());
        Assert.Equal("United Kingdom", e.GetProperty("data").GetProperty("country").GetString());
    }

    [Fact]
    public void Rows_without_a_customer_are_skipped_and_counted()
    {
        var result = Convert(
            "536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom",
            "536544,21773,BOTTLE,1,2010-12-01 14:32:00,2.51, ,United Kingdom",
            "536545,21773,BOTTLE,1,2010-12-01 14:33:00,2.51,12345,United Kingdom");

        Assert.Equal("ord-536545", Assert.Single(result.Events).Id);
        Assert.Equal(2, result.Skipped.RowsWithoutCustomer);
        Assert.Equal(0, result.Skipped.InvalidRows);
    }

    [Fact]
    public void A_cancelled_line_is_refunded_against_the_most_recent_earlier_invoice_with_its_stock_code()
    {
        var result = Convert(
            "100,A,ITEM A,10,2011-01-01 10:00:00,1.50,1,France",
            "101,B,ITEM B,4,2011-02-01 10:00:00,2.00,1,France",
            "102,A,ITEM A,5,2011-03-01 10:00:00,1.60,1,France",
            // After the cancellation: never its original, although it holds A too.
            "103,A,ITEM A,1,2011-03-20 10:00:00,1.70,1,France",
            // Another customer's invoice with A, more recent: not theirs.
            "200,A,ITEM A,9,2011-03-10 10:00:00,1.00,2,France",
            "C300,A,ITEM A,-2,2011-03-15 09:00:00,1.60,1,France",
            "C300,B,ITEM B,-3,2011-03-15 09:00:00,2.00,1,France",
            "C300,A,ITEM A,-1,2011-03-15 09:00:00,1.55,1,France");

        var refunds = result.Events.Where(e => e.Type == HistoryEvent.OrderRefunded).ToDictionary(e => e.Id);
        Assert.Equal(["ref-C300-101", "ref-C300-102"], refunds.Keys.Order(StringComparer.Ordinal));
        // A went to 102 (the latest earlier invoice with A), both A lines together: 2 × 1.60 + 1 × 1.55.
        Assert.Equal(("102", 4.75m), (refunds["ref-C300-102"].OrderId, refunds["ref-C300-102"].Amount));
        Assert.Equal(("101", 6.00m), (refunds["ref-C300-101"].OrderId, refunds["ref-C300-101"].Amount));
        Assert.All(refunds.Values, r =>
        {
            Assert.Equal("1", r.CustomerId);
            Assert.Equal(Utc("2011-03-15T09:00:00"), r.OccurredAt);
            Assert.Equal("C300", r.Data["cancellation"]!.GetValue<string>());
        });
        Assert.Equal(0, result.Skipped.UnmatchedCancellationLines);
        Assert.Equal((5, 2), (result.Orders, result.Refunds));
    }

    [Fact]
    public void A_cancelled_line_without_an_earlier_invoice_is_skipped_and_counted()
    {
        var result = Convert(
            "C100,A,ITEM A,-1,2011-01-01 09:00:00,1.00,1,France",
            "101,A,ITEM A,1,2011-01-01 09:00:00,1.00,1,France",
            "102,B,ITEM B,1,2011-01-01 08:00:00,1.00,1,France",
            "C103,A,ITEM A,-1,2011-01-01 09:30:00,1.00,1,France",
            "C103,Z,ITEM Z,-1,2011-01-01 09:30:00,1.00,1,France");

        // C100: the only invoice with A is at the same minute, not earlier; C103: nobody bought Z.
        var refund = Assert.Single(result.Events, e => e.Type == HistoryEvent.OrderRefunded);
        Assert.Equal(("ref-C103-101", 1.00m), (refund.Id, refund.Amount));
        Assert.Equal(2, result.Skipped.UnmatchedCancellationLines);
    }

    [Fact]
    public void A_refund_of_nothing_is_skipped_and_counted()
    {
        var result = Convert(
            "100,POST,POSTAGE,1,2011-01-01 09:00:00,0,1,France",
            "C101,POST,POSTAGE,-1,2011-01-02 09:00:00,0,1,France");

        Assert.Equal(["ord-100"], result.Events.Select(e => e.Id));
        Assert.Equal(0m, result.Events[0].Amount);
        Assert.Equal(1, result.Skipped.NonPositiveRefunds);
    }

    [Fact]
    public void An_invoice_with_a_negative_total_is_skipped_and_one_of_zero_is_kept()
    {
        var result = Convert(
            "A563186,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,99,United Kingdom",
            "563187,X,ITEM,2,2011-08-12 14:52:00,1.00,99,United Kingdom",
            "563187,Y,ITEM,-1,2011-08-12 14:52:00,2.00,99,United Kingdom");

        var order = Assert.Single(result.Events);
        Assert.Equal(("ord-563187", 0m), (order.Id, order.Amount));
        Assert.Equal(1, result.Skipped.NegativeTotalInvoices);
    }

    [Fact]
    public void Events_are_in_time_order_with_orders_before_refunds_at_the_same_instant()
    {
        var result = Convert(
            "300,A,ITEM,1,2011-05-01 12:00:00,1.00,3,France",
            "C301,A,ITEM,-1,2011-05-01 12:00:00,1.00,2,France",
            "200,A,ITEM,1,2011-05-01 12:00:00,1.00,2,France",
            "100,A,ITEM,1,2011-04-01 12:00:00,1.00,2,France",
            "050,A,ITEM,1,2011-06-01 12:00:00,1.00,1,France");

        Assert.Equal(["ord-100", "ord-200", "ord-300", "ref-C301-100", "ord-050"], result.Events.Select(e => e.Id));
    }

    [Fact]
    public void An_invoice_spanning_two_minutes_happens_at_its_first()
    {
        var result = Convert(
            "100,A,ITEM,1,2011-05-01 12:01:00,1.00,1,France",
            "100,B,ITEM,1,2011-05-01 12:00:00,1.00,1,France");

        Assert.Equal(Utc("2011-05-01T12:00:00"), Assert.Single(result.Events).OccurredAt);
    }

    [Fact]
    public void Unreadable_rows_are_skipped_counted_and_the_first_described_with_their_line()
    {
        var result = Convert(
            "100,A,ITEM,many,2011-05-01 12:00:00,1.00,1,France",
            "101,A,ITEM,1,01/05/2011 12:00,1.00,1,France",
            "102,A,ITEM,1,2011-05-01 12:00:00,1,00,1,France",
            "103,A,ITEM,1,2011-05-01 12:00:00,cheap,1,France",
            "104,A,ITEM,1,2011-05-01 12:00:00,1.00,1,France",
            "105,A,\"ITEM,1,2011-05-01 12:00:00,1.00,1,France");

        Assert.Equal(["ord-104"], result.Events.Select(e => e.Id));
        Assert.Equal(5, result.Skipped.InvalidRows);
        Assert.Equal(
            [
                "line 2: Quantity 'many' is not an integer",
                "line 3: InvoiceDate '01/05/2011 12:00' is not of the form yyyy-MM-dd HH:mm:ss",
                "line 4: expected 8 fields, found 9",
                "line 5: UnitPrice 'cheap' is not a number",
                "line 7: field 3: the quoted field does not end",
            ],
            result.Skipped.InvalidRowSamples);
    }

    [Fact]
    public void Prices_that_could_overflow_an_invoice_and_the_smallest_int_quantity_are_read_without_throwing()
    {
        var result = Convert(
            "100,A,ITEM,2147483647,2011-05-01 12:00:00,79228162514264337593543950335,1,France",
            "101,A,ITEM,1,2011-05-01 12:00:00,2.50,1,France",
            "C102,A,ITEM,-2147483648,2011-05-02 12:00:00,2.50,1,France");

        Assert.Equal(["line 2: UnitPrice '79228162514264337593543950335' is out of range (at most 1 000 000 000 in magnitude)"], result.Skipped.InvalidRowSamples);
        var refund = Assert.Single(result.Events, e => e.Type == HistoryEvent.OrderRefunded);
        Assert.Equal(5368709120.00m, refund.Amount);
    }

    [Fact]
    public void A_file_that_is_not_the_data_set_is_refused_by_its_header()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnlineRetailHistory.Read(new StringReader("id,customer,amount\n1,2,3\n")));

        Assert.Contains("the header lacks InvoiceNo, StockCode", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".csv.gz", true)]
    [InlineData(".csv", true)]
    [InlineData(".csv", false)]
    public void A_file_is_read_gzipped_or_plain_whatever_its_name(string extension, bool gzip)
    {
        var path = Path.Combine(Path.GetTempPath(), $"online-retail-{Guid.NewGuid():N}{extension}");
        var csv = Encoding.UTF8.GetBytes($"{Header}\n100,A,ITEM,2,2011-05-01 12:00:00,1.25,1,France\n");
        try
        {
            using (var file = File.Create(path))
            {
                if (gzip)
                {
                    using var zip = new GZipStream(file, CompressionLevel.Fastest);
                    zip.Write(csv);
                }
                else
                {
                    file.Write(csv);
                }
            }

            var result = OnlineRetailHistory.Read(path);

            Assert.Equal(2.50m, Assert.Single(result.Events).Amount);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

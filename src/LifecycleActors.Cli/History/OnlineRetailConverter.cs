using System.Text.Json.Nodes;

namespace LifecycleActors.Cli.History;

/// <summary>The mapping of <see cref="OnlineRetailHistory"/>: rows into invoices, invoices into orders and refunds.</summary>
internal static class OnlineRetailConverter
{
    public static OnlineRetailConversion Convert(TextReader csv, int maxInvalidSamples)
    {
        var reader = new CsvRecordReader(csv);
        var fields = new List<string>(8);
        if (!reader.TryRead(fields, out _, out _))
        {
            throw new InvalidDataException($"the input is empty; expected the Online Retail CSV header ({string.Join(",", OnlineRetailColumns.Names)})");
        }

        var columns = OnlineRetailColumns.FromHeader(fields);
        var invoices = new Dictionary<string, Invoice>(StringComparer.Ordinal);
        var invalid = new List<string>();
        long rows = 0, invalidRows = 0, withoutCustomer = 0;

        void Invalid(long line, string reason)
        {
            if (invalidRows++ < maxInvalidSamples)
            {
                invalid.Add($"line {line}: {reason}");
            }
        }

        while (reader.TryRead(fields, out var line, out var csvError))
        {
            rows++;
            OnlineRetailRow row = default;
            if ((csvError ?? columns.TryParse(fields, line, out row)) is { } error)
            {
                Invalid(line, error);
                continue;
            }

            if (row.CustomerId is null)
            {
                withoutCustomer++;
                continue;
            }

            if (!invoices.TryGetValue(row.InvoiceNo, out var invoice))
            {
                invoices.Add(row.InvoiceNo, invoice = new Invoice(row));
            }
            else if (invoice.CustomerId != row.CustomerId)
            {
                Invalid(line, $"CustomerID {row.CustomerId} differs from {invoice.CustomerId} on the first row of invoice {row.InvoiceNo}");
                continue;
            }

            invoice.Add(row);
        }

        var events = new List<HistoryEvent>(invoices.Count);
        var (ordersByCustomer, negativeTotals) = Orders(invoices.Values, events);
        var orders = events.Count;
        var (unmatched, nonPositive) = Refunds(invoices.Values, ordersByCustomer, events);

        events.Sort(SendOrder);
        return new OnlineRetailConversion
        {
            Events = events,
            Rows = rows,
            Orders = orders,
            Refunds = events.Count - orders,
            Customers = events.Select(e => e.CustomerId).Distinct(StringComparer.Ordinal).Count(),
            Skipped = new OnlineRetailSkips
            {
                InvalidRows = invalidRows,
                InvalidRowSamples = invalid,
                RowsWithoutCustomer = withoutCustomer,
                NegativeTotalInvoices = negativeTotals,
                UnmatchedCancellationLines = unmatched,
                NonPositiveRefunds = nonPositive,
            },
        };
    }

    /// <summary>Event time first (an event-time replay needs it); at one instant orders before refunds, then by id.</summary>
    public static int SendOrder(HistoryEvent a, HistoryEvent b)
    {
        var byTime = a.OccurredAt.CompareTo(b.OccurredAt);
        if (byTime != 0)
        {
            return byTime;
        }

        var byType = TypeRank(a.Type).CompareTo(TypeRank(b.Type));
        return byType != 0 ? byType : string.CompareOrdinal(a.Id, b.Id);
    }

    private static int TypeRank(string type) => type == HistoryEvent.OrderRefunded ? 1 : 0;

    /// <summary>One <c>order_placed</c> per invoice that is not a cancellation and whose total is not negative.</summary>
    /// <returns>The customers' ordered invoices, oldest first, and the invoices left out for a negative total.</returns>
    private static (Dictionary<string, List<Invoice>> ByCustomer, long NegativeTotals) Orders(IEnumerable<Invoice> invoices, List<HistoryEvent> events)
    {
        var byCustomer = new Dictionary<string, List<Invoice>>(StringComparer.Ordinal);
        long negative = 0;
        foreach (var invoice in invoices.Where(i => !i.IsCancellation))
        {
            var amount = Cents(invoice.Lines.Sum(l => l.Quantity * l.UnitPrice));
            if (amount < 0)
            {
                negative++;
                continue;
            }

            events.Add(HistoryEvent.Order(
                HistoryEvent.OrderPlaced, $"ord-{invoice.InvoiceNo}", invoice.CustomerId, invoice.OccurredAt, invoice.InvoiceNo, amount,
                KeyValuePair.Create("country", (JsonNode?)invoice.Country)));

            if (!byCustomer.TryGetValue(invoice.CustomerId, out var list))
            {
                byCustomer.Add(invoice.CustomerId, list = []);
            }

            list.Add(invoice);
        }

        foreach (var list in byCustomer.Values)
        {
            list.Sort((a, b) => a.OccurredAt != b.OccurredAt ? a.OccurredAt.CompareTo(b.OccurredAt) : string.CompareOrdinal(a.InvoiceNo, b.InvoiceNo));
        }

        return (byCustomer, negative);
    }

    /// <summary>
    /// Each cancelled line refunds |quantity| × unit price of the customer's most recent earlier order with its
    /// StockCode; one <c>order_refunded</c> per cancellation and original order.
    /// </summary>
    private static (long UnmatchedLines, long NonPositive) Refunds(IEnumerable<Invoice> invoices, Dictionary<string, List<Invoice>> ordersByCustomer, List<HistoryEvent> events)
    {
        long unmatched = 0, nonPositive = 0;
        foreach (var cancellation in invoices.Where(i => i.IsCancellation))
        {
            var orders = ordersByCustomer.GetValueOrDefault(cancellation.CustomerId) ?? [];
            var refunds = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var line in cancellation.Lines)
            {
                if (MostRecentEarlier(orders, cancellation.OccurredAt, line.StockCode) is not { } original)
                {
                    unmatched++;
                    continue;
                }

                refunds[original.InvoiceNo] = refunds.GetValueOrDefault(original.InvoiceNo) + (Math.Abs((decimal)line.Quantity) * line.UnitPrice);
            }

            foreach (var (orderId, total) in refunds)
            {
                var amount = Cents(total);
                if (amount <= 0)
                {
                    nonPositive++;
                    continue;
                }

                events.Add(HistoryEvent.Order(
                    HistoryEvent.OrderRefunded, $"ref-{cancellation.InvoiceNo}-{orderId}", cancellation.CustomerId, cancellation.OccurredAt, orderId, amount,
                    KeyValuePair.Create("cancellation", (JsonNode?)cancellation.InvoiceNo)));
            }
        }

        return (unmatched, nonPositive);
    }

    /// <param name="orders">Oldest first.</param>
    private static Invoice? MostRecentEarlier(List<Invoice> orders, DateTimeOffset before, string stockCode)
    {
        for (var i = orders.Count - 1; i >= 0; i--)
        {
            if (orders[i].OccurredAt < before && orders[i].Bought(stockCode))
            {
                return orders[i];
            }
        }

        return null;
    }

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private readonly record struct InvoiceLine(string StockCode, int Quantity, decimal UnitPrice);

    /// <summary>The rows of one InvoiceNo; its time is the earliest row's (a few invoices span two minutes).</summary>
    private sealed class Invoice(OnlineRetailRow first)
    {
        private HashSet<string>? _bought;

        public string InvoiceNo { get; } = first.InvoiceNo;

        public string CustomerId { get; } = first.CustomerId!;

        public string Country { get; } = first.Country;

        public bool IsCancellation { get; } = first.IsCancellation;

        public DateTimeOffset OccurredAt { get; private set; } = first.InvoiceDate;

        public List<InvoiceLine> Lines { get; } = [];

        public void Add(OnlineRetailRow row)
        {
            Lines.Add(new InvoiceLine(row.StockCode, row.Quantity, row.UnitPrice));
            if (row.InvoiceDate < OccurredAt)
            {
                OccurredAt = row.InvoiceDate;
            }
        }

        /// <summary>Whether a line of this invoice bought <paramref name="stockCode"/> (a positive quantity).</summary>
        public bool Bought(string stockCode)
        {
            _bought ??= [.. Lines.Where(l => l.Quantity > 0).Select(l => l.StockCode)];
            return _bought.Contains(stockCode);
        }
    }
}

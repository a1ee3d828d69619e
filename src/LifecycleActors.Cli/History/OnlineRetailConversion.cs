namespace LifecycleActors.Cli.History;

/// <summary>The UCI Online Retail data set as lifecycle events (see <see cref="OnlineRetailHistory"/>).</summary>
public sealed record OnlineRetailConversion
{
    /// <summary>The events in send order: by occurredAt, orders before refunds at the same instant, then by id.</summary>
    public required IReadOnlyList<HistoryEvent> Events { get; init; }

    /// <summary>Data rows read (the header not counted).</summary>
    public required long Rows { get; init; }

    /// <summary><c>order_placed</c> events: one per invoice that is not a cancellation.</summary>
    public required int Orders { get; init; }

    /// <summary><c>order_refunded</c> events: one per cancellation invoice and original invoice.</summary>
    public required int Refunds { get; init; }

    /// <summary>Distinct customers with at least one event.</summary>
    public required int Customers { get; init; }

    public required OnlineRetailSkips Skipped { get; init; }
}

/// <summary>What the conversion left out, by reason.</summary>
public sealed record OnlineRetailSkips
{
    /// <summary>Rows that could not be read: a bad number or date, a wrong field count, a broken quote.</summary>
    public long InvalidRows { get; init; }

    /// <summary>The first few invalid rows as "line N: reason".</summary>
    public IReadOnlyList<string> InvalidRowSamples { get; init; } = [];

    /// <summary>Rows without a CustomerID: they cannot be attributed to a customer.</summary>
    public long RowsWithoutCustomer { get; init; }

    /// <summary>Invoices (not cancellations) whose total is negative, such as bad-debt adjustments.</summary>
    public long NegativeTotalInvoices { get; init; }

    /// <summary>Cancelled lines with no earlier invoice of the customer holding that StockCode (bought before the data set).</summary>
    public long UnmatchedCancellationLines { get; init; }

    /// <summary>Refunds (per cancellation and original invoice) whose amount is not positive, e.g. of free items.</summary>
    public long NonPositiveRefunds { get; init; }
}

using System.Globalization;

namespace LifecycleActors.Cli.History;

/// <summary>One line item of the UCI Online Retail data set, parsed.</summary>
/// <param name="Line">Where the row starts in the file (the header is line 1).</param>
/// <param name="InvoiceDate">Read as UTC: the data set gives no offset.</param>
/// <param name="CustomerId">Null when the row has none.</param>
internal readonly record struct OnlineRetailRow(
    long Line, string InvoiceNo, string StockCode, int Quantity, DateTimeOffset InvoiceDate, decimal UnitPrice, string? CustomerId, string Country)
{
    public const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Cancellation invoices are numbered with a leading C (C536379) and hold negative quantities.</summary>
    public bool IsCancellation => InvoiceNo.StartsWith('C');
}

/// <summary>Where the columns of the Online Retail CSV are, found by name in its header.</summary>
internal sealed class OnlineRetailColumns
{
    public static readonly string[] Names = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    private readonly int _invoiceNo;
    private readonly int _stockCode;
    private readonly int _quantity;
    private readonly int _invoiceDate;
    private readonly int _unitPrice;
    private readonly int _customerId;
    private readonly int _country;
    private readonly int _count;

    private OnlineRetailColumns(IReadOnlyList<string> header)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
        }

        var missing = Names.Where(n => !index.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"not the Online Retail CSV: the header lacks {string.Join(", ", missing)} (expected {string.Join(",", Names)})");
        }

        (_invoiceNo, _stockCode, _quantity, _invoiceDate, _unitPrice, _customerId, _country, _count) =
            (index["InvoiceNo"], index["StockCode"], index["Quantity"], index["InvoiceDate"], index["UnitPrice"], index["CustomerID"], index["Country"], header.Count);
    }

    /// <summary>The largest unit price taken, far above any price in the data set (the message below spells it out).</summary>
    public const decimal MaxUnitPrice = 1_000_000_000m;

    /// <exception cref="InvalidDataException">A column is missing.</exception>
    public static OnlineRetailColumns FromHeader(IReadOnlyList<string> header) => new(header);

    /// <returns>Null and the row, or why the row cannot be read (without the line number).</returns>
    public string? TryParse(List<string> fields, long line, out OnlineRetailRow row)
    {
        row = default;
        if (fields.Count != _count)
        {
            return $"expected {_count} fields, found {fields.Count}";
        }

        var invoiceNo = fields[_invoiceNo].Trim();
        if (invoiceNo.Length == 0)
        {
            return "InvoiceNo is empty";
        }

        if (!int.TryParse(fields[_quantity], NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var quantity))
        {
            return $"Quantity '{fields[_quantity]}' is not an integer";
        }

        if (!decimal.TryParse(fields[_unitPrice], NumberStyles.Float, CultureInfo.InvariantCulture, out var unitPrice))
        {
            return $"UnitPrice '{fields[_unitPrice]}' is not a number";
        }

        // Keeps every invoice's sum of Quantity × UnitPrice far from decimal overflow (int quantities, any number of rows).
        if (Math.Abs(unitPrice) > MaxUnitPrice)
        {
            return $"UnitPrice '{fields[_unitPrice]}' is out of range (at most 1 000 000 000 in magnitude)";
        }

        if (!DateTime.TryParseExact(
            fields[_invoiceDate].Trim(), OnlineRetailRow.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return $"InvoiceDate '{fields[_invoiceDate]}' is not of the form {OnlineRetailRow.DateFormat}";
        }

        row = new OnlineRetailRow(
            line, invoiceNo, fields[_stockCode].Trim(), quantity, new DateTimeOffset(date, TimeSpan.Zero), unitPrice, CustomerId(fields[_customerId]), fields[_country].Trim());
        return null;
    }

    /// <summary>As written ("17850"); some exports of the data set write it as a float ("17850.0").</summary>
    private static string? CustomerId(string raw)
    {
        var id = raw.Trim();
        if (id.EndsWith(".0", StringComparison.Ordinal))
        {
            id = id[..^2];
        }

        return id.Length == 0 ? null : id;
    }
}

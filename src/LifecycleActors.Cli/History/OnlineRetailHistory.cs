using System.IO.Compression;

namespace LifecycleActors.Cli.History;

/// <summary>
/// Reads the UCI "Online Retail" data set (a CSV of invoice lines: InvoiceNo, StockCode, Description, Quantity,
/// InvoiceDate, UnitPrice, CustomerID, Country) as a customer history:
/// <list type="bullet">
/// <item>an invoice (all rows with its InvoiceNo) is one <c>order_placed</c> <c>ord-{InvoiceNo}</c>, amount Σ quantity × unit
/// price rounded to cents, at the invoice's earliest InvoiceDate read as UTC (the data set has no offset);</item>
/// <item>a cancellation invoice (C…) refunds each line against the customer's most recent strictly earlier invoice that
/// bought the same StockCode, as one <c>order_refunded</c> <c>ref-{C…}-{InvoiceNo}</c> per original invoice;</item>
/// <item>rows without a CustomerID, unmatched cancelled lines, invoices with a negative total, refunds of 0 and
/// unreadable rows are left out and counted in <see cref="OnlineRetailConversion.Skipped"/>.</item>
/// </list>
/// The whole data set fits in memory (about 22,000 events from 540,000 rows).
/// </summary>
public static class OnlineRetailHistory
{
    /// <summary>Invalid rows are counted; this many are also described.</summary>
    public const int MaxInvalidRowSamples = 5;

    /// <summary>Reads a CSV file, gzip-compressed or not (by a .gz extension or the gzip magic bytes).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The header lacks a column, or the gzip stream is corrupt.</exception>
    public static OnlineRetailConversion Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        using var text = new StreamReader(IsGzip(path, file) ? new GZipStream(file, CompressionMode.Decompress) : file);
        return Read(text);
    }

    /// <summary>Reads the CSV text, header first.</summary>
    /// <exception cref="InvalidDataException">The input is empty or its header lacks a column.</exception>
    public static OnlineRetailConversion Read(TextReader csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        return OnlineRetailConverter.Convert(csv, MaxInvalidRowSamples);
    }

    /// <summary>Whether the file is gzip; leaves <paramref name="file"/> at its start.</summary>
    internal static bool IsGzip(string path, Stream file)
    {
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}

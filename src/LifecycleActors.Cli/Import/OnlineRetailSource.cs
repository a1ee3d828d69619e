using System.Runtime.CompilerServices;
using LifecycleActors.Cli.History;

namespace LifecycleActors.Cli.Import;

/// <summary>The UCI Online Retail CSV, converted whole before sending (it fits in memory) and sent in event-time order.</summary>
internal sealed class OnlineRetailSource(string path, OnlineRetailConversion conversion) : IImportSource
{
    private long _events;

    public OnlineRetailConversion Conversion => conversion;

    public string Description => $"online-retail {path}";

    public long? TotalEvents => conversion.Events.Count;

    public long? TotalBytes => null;

    public long BytesRead => 0;

    public long RecordsRead => conversion.Rows;

    public string RecordUnit => "rows";

    public long EventsRead => Interlocked.Read(ref _events);

    public IReadOnlyList<SkipCount> Skipped =>
    [
        new("invalidRows", "unreadable rows", conversion.Skipped.InvalidRows, "rows", IsInputError: true),
        new("rowsWithoutCustomer", "rows without a customer", conversion.Skipped.RowsWithoutCustomer, "rows", IsInputError: false),
        new("negativeTotalInvoices", "invoices with a negative total", conversion.Skipped.NegativeTotalInvoices, "invoices", IsInputError: false),
        new("unmatchedCancellationLines", "cancelled lines without an earlier invoice", conversion.Skipped.UnmatchedCancellationLines, "lines", IsInputError: false),
        new("nonPositiveRefunds", "refunds of 0 or less", conversion.Skipped.NonPositiveRefunds, "refunds", IsInputError: false),
    ];

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">It is not the Online Retail CSV, or not valid gzip.</exception>
    public static OnlineRetailSource Open(string path) => new(path, OnlineRetailHistory.Read(path));

    public async IAsyncEnumerable<SourceEvent> ReadAsync(ImportLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var sample in conversion.Skipped.InvalidRowSamples)
        {
            log.Report(ImportLog.InvalidInput, $"{sample}; skipped");
        }

        foreach (var e in conversion.Events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref _events);
            yield return new SourceEvent(e.ToUtf8Json(), 0);
        }

        await Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}

using System.Text.Json;
using CsvHelper;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Silo.Api.Segments;

/// <summary>
/// A segment as CSV (contract §6, Segments): RFC 4180 with CRLF, UTF-8 with a byte order mark (so Excel reads it as
/// UTF-8), one header row of the profile's field names, then one row per customer by id. Text cells that a
/// spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) get a leading
/// apostrophe and quotes; numbers, dates and flags are written as they are.
/// </summary>
public static class CustomerCsv
{
    /// <summary>Customers scanned per read-model query: the memory the export holds, whatever the segment's size.</summary>
    public const int PageSize = 1000;

    /// <summary>The columns, in order: the customer profile's fields (§6) by their API names.</summary>
    public static readonly string[] Columns =
    [
        "customerId", "stage", "vip", "advocate", "orders", "netSpend", "spend365", "aov", "lastOrderAt",
        "expectedGapDays", "nextOrderExpectedAt", "lapseAt", "engagementScore", "temperature", "advocacyPoints", "pAlive",
        "expectedOrders90d", "predictedClv365", "unsubscribed", "updatedAt", "eventsApplied",
    ];

    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        TrueValue = "true",
        FalseValue = "false",
    };

    /// <summary>
    /// Writes the header and every customer of <paramref name="filter"/> to <paramref name="destination"/>, scanning the
    /// read model by id in chunks of <see cref="PageSize"/>, starting with <paramref name="firstChunk"/> when the caller
    /// has read it already. Returns the number of customers written.
    /// </summary>
    public static async Task<long> WriteAsync(
        Stream destination,
        IReadModel readModel,
        string tenant,
        CustomerFilter filter,
        (IReadOnlyList<string> Views, string? LastScanned)? firstChunk,
        CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader(Columns);
        long rows = 0;
        var chunk = firstChunk ?? await ReadChunkAsync(readModel, tenant, filter, null, cancellationToken);
        while (true)
        {
            foreach (var view in chunk.Views)
            {
                await WriteRowAsync(csv, view, cancellationToken);
                rows++;
            }

            await csv.FlushAsync(cancellationToken);
            if (chunk.LastScanned is null)
            {
                return rows;
            }

            chunk = await ReadChunkAsync(readModel, tenant, filter, chunk.LastScanned, cancellationToken);
        }
    }

    /// <summary>The next chunk of the segment after <paramref name="after"/>.</summary>
    public static Task<(IReadOnlyList<string> Views, string? LastScanned)> ReadChunkAsync(
        IReadModel readModel, string tenant, CustomerFilter filter, string? after, CancellationToken cancellationToken) =>
        readModel.ScanAsync(tenant, filter, after, PageSize, cancellationToken);

    /// <summary>Writes one profile as a row.</summary>
    private static async Task WriteRowAsync(CsvWriter csv, string view, CancellationToken cancellationToken)
    {
        using var profile = JsonDocument.Parse(view);
        var root = profile.RootElement;
        foreach (var column in Columns)
        {
            if (!root.TryGetProperty(column, out var value))
            {
                csv.WriteField((string?)null);
                continue;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    csv.WriteField(value.GetString());
                    break;
                case JsonValueKind.Number:
                    csv.WriteField(value.GetDecimal(), "");
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    csv.WriteField(value.GetBoolean());
                    break;
                default:
                    csv.WriteField((string?)null);
                    break;
            }
        }

        await csv.EndRecordAsync(cancellationToken);
    }
}

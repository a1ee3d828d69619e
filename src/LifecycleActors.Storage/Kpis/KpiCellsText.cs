using System.Globalization;
using System.Text;
using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Storage.Kpis;

/// <summary>A customer's KPI cells as stored in <c>kpi_customers.cells</c>: <c>day:field:value</c> items joined by <c>;</c>.</summary>
internal static class KpiCellsText
{
    public static string Write(IReadOnlyDictionary<KpiCell, decimal> cells)
    {
        var text = new StringBuilder();
        foreach (var (cell, value) in cells.OrderBy(c => c.Key.Day).ThenBy(c => c.Key.Field))
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(CultureInfo.InvariantCulture, $"{cell.Day}:{cell.Field}:{value}");
        }

        return text.ToString();
    }

    public static Dictionary<KpiCell, decimal> Read(string text)
    {
        var cells = new Dictionary<KpiCell, decimal>();
        foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 3)
            {
                throw new FormatException("a stored KPI cell is not day:field:value");
            }

            var cell = new KpiCell(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
            cells[cell] = decimal.Parse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture);
        }

        return cells;
    }
}

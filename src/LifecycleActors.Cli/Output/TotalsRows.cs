using LifecycleActors.Cli.Service;
using static LifecycleActors.Cli.Output.Format;

namespace LifecycleActors.Cli.Output;

/// <summary>The rows of <see cref="EventTotals"/> that every command's summary shows alike.</summary>
internal static class TotalsRows
{
    /// <summary>The service's verdict on the events: accepted, duplicates, erased (when there are any), rejected.</summary>
    /// <param name="rejected">What the command says about the rejected events, after their number.</param>
    public static AlignedTable Verdicts(this AlignedTable table, EventTotals totals, string rejected)
    {
        table.Row("accepted", Count(totals.Accepted)).Row("duplicates", Count(totals.Duplicates));
        if (totals.Erased > 0)
        {
            table.Row("erased", Count(totals.Erased), "of erased customers, dropped");
        }

        return table.Row("rejected", Count(totals.Rejected), rejected);
    }
}

using System.Data;
using System.Data.Common;
using System.Text;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>
/// The SQL conditions of a <see cref="CustomerFilter"/> over the <c>customers</c> table (alias <c>c</c>): only the
/// criteria given become conditions, each value a typed parameter, so the planner sees a plain query per segment.
/// </summary>
internal static class CustomerFilterSql
{
    /// <summary>" AND …" for each criterion of <paramref name="filter"/> (empty for everyone), adding its parameters to <paramref name="command"/>.</summary>
    /// <param name="viewText">SQL for a text property of the view JSON.</param>
    /// <param name="viewNumber">SQL for a number property of the view JSON, as a double or NULL.</param>
    public static string Where(DbCommand command, CustomerFilter filter, Func<string, string> viewText, Func<string, string> viewNumber)
    {
        var sql = new StringBuilder();
        if (filter.Stages.Count > 0)
        {
            var names = filter.Stages.Select((stage, i) =>
            {
                command.Add($"@stage{i}", stage, DbType.String);
                return $"@stage{i}";
            });
            sql.Append($"\n  AND c.stage IN ({string.Join(", ", names)})");
        }

        if (filter.Vip is { } vip)
        {
            sql.Append("\n  AND c.vip = @vip");
            command.Add("@vip", vip, DbType.Boolean);
        }

        if (filter.Advocate is { } advocate)
        {
            sql.Append("\n  AND c.advocate = @advocate");
            command.Add("@advocate", advocate, DbType.Boolean);
        }

        if (filter.Temperature is { } temperature)
        {
            sql.Append($"\n  AND {viewText("temperature")} = @temperature");
            command.Add("@temperature", temperature, DbType.String);
        }

        if (filter.MinSpend is { } min)
        {
            sql.Append("\n  AND c.net_spend >= @minSpend");
            command.Add("@minSpend", (double)min, DbType.Double);
        }

        if (filter.MaxSpend is { } max)
        {
            sql.Append("\n  AND c.net_spend <= @maxSpend");
            command.Add("@maxSpend", (double)max, DbType.Double);
        }

        if (filter.PAliveBelow is { } pAlive)
        {
            sql.Append($"\n  AND {viewNumber("pAlive")} < @pAliveBelow");
            command.Add("@pAliveBelow", pAlive, DbType.Double);
        }

        // last_purchase_day is the UTC date of the last order, as a day number (DateOnly.DayNumber).
        if (filter.LastOrderBefore is { } before)
        {
            sql.Append("\n  AND c.last_purchase_day < @lastOrderBefore");
            command.Add("@lastOrderBefore", before.DayNumber, DbType.Int32);
        }

        if (filter.LastOrderAfter is { } after)
        {
            sql.Append("\n  AND c.last_purchase_day >= @lastOrderAfter");
            command.Add("@lastOrderAfter", after.DayNumber, DbType.Int32);
        }

        return sql.ToString();
    }
}

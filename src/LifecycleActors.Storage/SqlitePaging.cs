using LifecycleActors.Storage.EventLog;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage;

/// <summary>The parameters of a customer's newest-first page before a cursor: @tenant, @customer, @at, @order, @limit.</summary>
internal static class SqlitePaging
{
    public static void AddCustomerPage(this SqliteCommand command, string tenant, string customerId, TimelineCursor? before, int limit)
    {
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@customer", customerId);
        command.Parameters.AddWithValue("@at", before?.AtTicks ?? long.MaxValue);
        command.Parameters.AddWithValue("@order", before?.Order ?? long.MaxValue);
        command.Parameters.AddWithValue("@limit", limit);
    }
}

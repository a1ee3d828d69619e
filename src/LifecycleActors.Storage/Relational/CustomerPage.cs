using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Storage.Relational;

/// <summary>The parameters of a customer's newest-first page before a cursor: @tenant, @customer, @at, @order, @limit.</summary>
internal static class CustomerPage
{
    public static void AddCustomerPage(this DbCommand command, string tenant, string customerId, TimelineCursor? before, int limit)
    {
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@customer", customerId, DbType.String);
        command.Add("@at", before?.AtTicks ?? long.MaxValue, DbType.Int64);
        command.Add("@order", before?.Order ?? long.MaxValue, DbType.Int64);
        command.Add("@limit", limit, DbType.Int32);
    }
}

using LifecycleActors.Abstractions;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Grains;

/// <summary>
/// A customer leaving memory, however it is held (its partition or a grain of its own): its snapshot takes what it
/// lacks and is written. One that runs out of time (a silo stopping, many leaving at once) or whose storage cannot be
/// reached leaves its changes to the log, which its next load replays. The caller has booked it as leaving
/// (<see cref="ActiveCustomers.StartDeactivating"/>); this books it as gone.
/// </summary>
internal static partial class LeavingMemory
{
    public static async Task UnloadAsync(ResidentCustomer customer, ActiveCustomers active, ILogger logger, CancellationToken cancellationToken)
    {
        var leftToLog = false;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await customer.UnloadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            leftToLog = true;
            LogSnapshotLeftToLog(logger, customer.Tenant, customer.CustomerId);
        }
        catch (Exception ex)
        {
            leftToLog = true;
            StorageUnreachable.Log(logger, "Snapshot of a customer leaving memory", ex, e => LogUnloadFailed(logger, e, customer.Tenant, customer.CustomerId));
        }
        finally
        {
            active.FinishDeactivating(leftToLog);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Customer {Tenant}/{CustomerId} left memory before its snapshot was written; its next load reads the changes from the log")]
    private static partial void LogSnapshotLeftToLog(ILogger logger, string tenant, string customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {Tenant}/{CustomerId} left memory without its snapshot; its next load reads the changes from the log")]
    private static partial void LogUnloadFailed(ILogger logger, Exception exception, string tenant, string customerId);
}

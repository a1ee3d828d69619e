using Microsoft.Extensions.Logging;

namespace LifecycleActors.Grains;

/// <summary>The customer grain's log messages.</summary>
public sealed partial class CustomerGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Customer {Tenant}/{CustomerId} deactivated before its snapshot was written; its next activation reads the changes from the log")]
    private partial void LogSnapshotLeftToLog(string tenant, string customerId);
}

using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Silo.Hosting;

namespace LifecycleActors.Silo.EventPath;

/// <summary>
/// When another silo leaves the cluster (dead, or stopped), the stream deliveries queued on it are lost, and a customer
/// active here may have received later events of its own through the queue's new home: its applied position then
/// hides the missing entry from the recovery pass. So, a grace period after the loss, every customer active on this
/// silo compares what it holds with its log and reads what it misses (ADR 0012).
/// </summary>
public sealed partial class LostSiloRecovery(
    IClusterMembershipService membership, ActiveCustomers active, IGrainFactory grains, ILogger<LostSiloRecovery> logger) : BackgroundService
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var known = new Dictionary<SiloAddress, SiloStatus>();
        try
        {
            await foreach (var update in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var lost = update.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && known.TryGetValue(m.SiloAddress, out var before) && before != SiloStatus.Dead)
                    .Select(m => m.SiloAddress)
                    .ToList();
                known = update.Members.ToDictionary(m => m.Key, m => m.Value.Status);
                if (lost.Count > 0)
                {
                    _ = RecoverAfterGraceAsync(string.Join(", ", lost), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RecoverAfterGraceAsync(string lost, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Grace, stoppingToken);
            var customers = active.All();
            var failed = 0;
            await Parallel.ForEachAsync(
                customers,
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = stoppingToken },
                async (key, _) =>
                {
                    try
                    {
                        await grains.GetGrain<ICustomerGrain>(key).CatchUpAsync();
                    }
                    catch (Exception) when (!stoppingToken.IsCancellationRequested)
                    {
                        // One customer's failure (its activation moved, a storage error) must not stop the others.
                        Interlocked.Increment(ref failed);
                    }
                });
            LogRecovered(lost, customers.Count, failed);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever is left is found by the recovery pass once the customer is quiet, or by its next snapshot.
            LogFailed(ex, lost);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Lost} left the cluster: {Customers} customers active here compared with their log ({Failed} failed; the recovery pass finds them)")]
    private partial void LogRecovered(string lost, int customers, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering the customers active here after silo {Lost} left failed")]
    private partial void LogFailed(Exception exception, string lost);
}

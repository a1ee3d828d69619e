using LifecycleActors.Abstractions;
using LifecycleActors.Grains;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// When another silo leaves the cluster (dead, or stopped), the stream deliveries queued on it are lost, and a customer
/// active here may have received later events of its own through the queue's new home: its applied position then
/// hides the missing entry from the catch-up pass. So, a grace period after the loss, every customer active on this
/// silo compares what it holds with its log and reads what it misses (ADR 0012).
/// </summary>
public sealed partial class LostSiloCatchUp(
    IClusterMembershipService membership, ActiveCustomers active, IGrainFactory grains, ILogger<LostSiloCatchUp> logger) : BackgroundService
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var known = new Dictionary<SiloAddress, SiloStatus>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var lost = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && known.TryGetValue(m.SiloAddress, out var before) && before != SiloStatus.Dead)
                    .Select(m => m.SiloAddress)
                    .ToList();
                known = snapshot.Members.ToDictionary(m => m.Key, m => m.Value.Status);
                if (lost.Count > 0)
                {
                    _ = CatchUpAfterGraceAsync(string.Join(", ", lost), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task CatchUpAfterGraceAsync(string lost, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Grace, stoppingToken);
            var customers = active.Snapshot();
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
            LogCaughtUp(lost, customers.Count, failed);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever is left is found by the catch-up pass once the customer is quiet, or by its next snapshot.
            LogFailed(ex, lost);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Lost} left the cluster: {Customers} customers active here compared with their log ({Failed} failed; the catch-up pass finds them)")]
    private partial void LogCaughtUp(string lost, int customers, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up the customers active here after silo {Lost} left failed")]
    private partial void LogFailed(Exception exception, string lost);
}

using LifecycleActors.Grains.Population;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// Loads the stored tenant models into this silo's facts cache before the silo takes traffic, then every few
/// seconds, so a refit on any silo reaches every customer within <see cref="ModelOptions.Propagation"/>.
/// </summary>
public sealed partial class TenantFactsRefresher(
    TenantFactsCache cache,
    IReadModel readModel,
    TimeProvider time,
    ILogger<TenantFactsRefresher> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await cache.RefreshAsync(readModel, cancellationToken);
        _loop = RefreshLoopAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RefreshLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await cache.RefreshAsync(readModel, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRefreshFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading tenant models failed; retrying")]
    private partial void LogRefreshFailed(Exception exception);
}

using LifecycleActors.Abstractions;
namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// Loads a per-silo cache before the silo takes traffic (start fails if it cannot), then again every few seconds,
/// so a change made on any silo reaches this one within that time.
/// </summary>
public abstract partial class CacheRefresher(TimeProvider time, ILogger logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    /// <summary>What is loaded, for the log.</summary>
    protected abstract string What { get; }

    protected abstract Task RefreshAsync(CancellationToken cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
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

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task RefreshLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    StorageUnreachable.Log(logger, $"Loading {What}", ex, e => LogRefreshFailed(logger, e, What));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading {What} failed; retrying")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string what);
}

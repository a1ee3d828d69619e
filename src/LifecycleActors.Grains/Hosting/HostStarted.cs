using Microsoft.Extensions.Hosting;

namespace LifecycleActors.Grains.Hosting;

/// <summary>Waiting for the host to have started: a co-hosted silo accepts grain calls only from then on.</summary>
public static class HostStarted
{
    /// <summary>Completes once every hosted service has started; false if the host began stopping first.</summary>
    public static async Task<bool> WaitForStartAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await Task.WhenAny(started.Task, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
        return started.Task.IsCompleted && !stoppingToken.IsCancellationRequested;
    }
}

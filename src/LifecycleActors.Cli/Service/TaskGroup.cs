using System.Runtime.ExceptionServices;

namespace LifecycleActors.Cli.Service;

/// <summary>Producers and senders of a run that stand or fall together.</summary>
internal static class TaskGroup
{
    /// <summary>
    /// Waits for all <paramref name="tasks"/>. The first failure cancels <paramref name="run"/>, so that the others stop
    /// at their next await, and is thrown once all have ended: it is the cause, the cancellations after it are
    /// consequences.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task WhenAllOrFirstFailureAsync(IEnumerable<Task> tasks, CancellationTokenSource run, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var pending = new List<Task>(tasks);
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            if (done.IsFaulted)
            {
                failure ??= done.Exception.InnerException;
                await run.CancelAsync();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}

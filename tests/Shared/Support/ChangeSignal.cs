using System.Diagnostics;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// The lock over a test double's recorded state, and waits on that state woken by each change until a deadline (no
/// polling). Whoever changes the state calls <see cref="Signal"/> under <see cref="Gate"/>.
/// </summary>
public sealed class ChangeSignal(string owner)
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Lock Gate { get; } = new();

    /// <summary>Wakes the waiters; called under <see cref="Gate"/>.</summary>
    public void Signal()
    {
        var changed = _changed;
        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>Waits until <paramref name="done"/> holds (checked under <see cref="Gate"/>), or fails with what <paramref name="describe"/> says was missing.</summary>
    public async Task WaitAsync(Func<bool> done, TimeSpan timeout, Func<string> describe)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task changed;
            lock (Gate)
            {
                if (done())
                {
                    return;
                }

                changed = _changed.Task;
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                lock (Gate)
                {
                    throw new TimeoutException($"{owner}: waited {timeout} for {describe()}");
                }
            }

            try
            {
                await changed.WaitAsync(remaining, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                // The deadline has passed; the next round reports what was missing.
            }
        }
    }
}

namespace LifecycleActors.Silo.Hosting;

/// <summary>Set once the silo has joined its cluster and the startup recovery pass has run.</summary>
public sealed class SiloReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    public void MarkReady() => _ready.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);
}

namespace LifecycleActors.Silo.Hosting;

/// <summary>Set once the silo has joined its cluster and the startup catch-up pass has run.</summary>
public sealed class SiloReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}

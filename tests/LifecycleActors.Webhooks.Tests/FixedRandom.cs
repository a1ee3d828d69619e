namespace LifecycleActors.Webhooks.Tests;

/// <summary>A <see cref="Random"/> whose every <see cref="Random.NextDouble"/> is the given value, for exact delays.</summary>
internal sealed class FixedRandom(double value) : Random
{
    protected override double Sample() => value;

    public override double NextDouble() => value;
}

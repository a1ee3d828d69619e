namespace LifecycleActors.Grains;

/// <summary>A scheduler wake that failed (the customer could not be loaded, or its re-check threw); it stays due.</summary>
public sealed record FailedWake(string CustomerId, Exception Error);

/// <summary>One customer's wake within a partition's batch, and whether it leaves memory after it.</summary>
internal sealed record Wake(string CustomerId, ResidentEntry? Entry, Exception? Error, bool LeavesMemory);

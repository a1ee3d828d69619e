namespace LifecycleActors.Ingestion;

/// <summary>
/// The verdict on one element of a batch: a <see cref="ParsedEvent"/> or a <see cref="RejectedEvent"/>.
/// </summary>
/// <param name="Index">Zero-based position of the element in the batch array.</param>
public abstract record BatchElement(int Index);

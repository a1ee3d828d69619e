namespace LifecycleActors.Connectors;

/// <summary>A payload field that cannot be mapped; <see cref="Exception.Message"/> starts with the field's path.</summary>
internal sealed class PayloadException(string fieldPath, string problem) : Exception($"{fieldPath}: {problem}")
{
    public string Field { get; } = fieldPath;
}

namespace LifecycleActors.Webhooks;

/// <summary>A webhook host resolved only to loopback or private network addresses while those are not allowed; the attempt is rejected.</summary>
internal sealed class PrivateAddressException(string message) : Exception(message);

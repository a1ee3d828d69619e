using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace LifecycleActors.Grains.Tests;

/// <summary>
/// The stored form of customer snapshots: Orleans' System.Text.Json grain storage serializer with its default options,
/// as the silo configures it (silo/Hosting/StorageBackend.cs).
/// </summary>
internal static class StoredSnapshotJson
{
    public static readonly IGrainStorageSerializer Serializer =
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
}

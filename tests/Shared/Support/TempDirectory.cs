namespace LifecycleActors.Tests.Support;

/// <summary>A scratch directory removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("lifecycle-test-").FullName;
    }

    public string Path { get; }

    public string SqliteConnectionString => $"Data Source={System.IO.Path.Combine(Path, "lifecycle.db")};Pooling=True;Default Timeout=30";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that still holds a file open; the OS cleans temp eventually.
        }
    }
}

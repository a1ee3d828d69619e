using System.Text;

namespace LifecycleActors.Cli.Tests.Support;

/// <summary>A file in the temp folder with a unique name, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    private TempFile(string extension) => Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lifecycle-cli-{Guid.NewGuid():N}{extension}");

    public string Path { get; }

    public static TempFile With(string text, string extension = ".txt")
    {
        var file = new TempFile(extension);
        File.WriteAllText(file.Path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return file;
    }

    /// <summary>A name to write to; nothing is created.</summary>
    public static TempFile Named(string extension) => new(extension);

    public void Dispose() => File.Delete(Path);
}

using System.Diagnostics;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// A size-limited tmpfs mounted for one test (root only), with a filler file that takes the space the test wants
/// gone: <see cref="FillLeaving"/> makes the filesystem all but full, <see cref="RemoveFiller"/> gives the space back.
/// Unmounted on dispose.
/// </summary>
internal sealed class SmallFilesystem : IDisposable
{
    private readonly string _filler;

    private SmallFilesystem(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler.bin");
    }

    public string Path { get; }

    /// <summary>Bytes the filesystem still has for an unprivileged writer.</summary>
    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB at <paramref name="path"/>; skips the test where mounting is not permitted.</summary>
    public static SmallFilesystem Mount(string path, int megabytes)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "mounting a size-limited tmpfs needs Linux");
        Assert.SkipUnless(Environment.UserName == "root", $"mounting a size-limited tmpfs needs root (running as {Environment.UserName})");
        Directory.CreateDirectory(path);
        var (exit, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        Assert.SkipUnless(exit == 0, $"mount -t tmpfs is not permitted here: {output}");
        return new SmallFilesystem(path);
    }

    /// <summary>Writes a filler file (real blocks, not a sparse file) until <paramref name="bytes"/> or less are free.</summary>
    public void FillLeaving(long bytes)
    {
        var buffer = new byte[64 * 1024];
        Array.Fill(buffer, (byte)0x5A);
        using var filler = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.Read);
        try
        {
            while (Free > bytes)
            {
                filler.Write(buffer, 0, (int)Math.Min(buffer.Length, Free - bytes));
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // Something else took the last bytes first: the disk is full, which is what was asked for.
        }
    }

    public void RemoveFiller() => File.Delete(_filler);

    public void Dispose()
    {
        if (Run("umount", Path).Exit != 0)
        {
            // A process (a silo that did not exit) still holds a file: detach now, freed when it closes.
            Run("umount", "-l", Path);
        }
    }

    private static (int Exit, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Trim());
    }
}

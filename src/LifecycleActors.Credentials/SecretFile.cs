namespace LifecycleActors.Credentials;

/// <summary>
/// A secret generated once into the data directory (the agents' signing key, the default tenant's API key, the demo
/// password), so it survives restarts. The file is readable by its owner only and appears whole or not at all: the
/// secret is written into a file of its own and moved into place without overwriting, so silos starting beside each
/// other never read an empty or half-written file, and whoever moves first wins for everyone.
/// </summary>
public static class SecretFile
{
    /// <summary>The secret kept in <paramref name="file"/>, created with <paramref name="generate"/> if there is none.</summary>
    public static string ReadOrCreate(string file, Func<string> generate)
    {
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            Create(file, generate());
        }

        return File.ReadAllText(file).Trim();
    }

    private static void Create(string file, string secret)
    {
        var draft = $"{file}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var writer = new StreamWriter(draft, System.Text.Encoding.ASCII, options))
            {
                writer.Write(secret);
            }

            File.Move(draft, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process created the secret first: everyone uses that one.
        }
        finally
        {
            File.Delete(draft);
        }
    }
}

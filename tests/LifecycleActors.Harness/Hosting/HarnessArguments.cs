namespace LifecycleActors.Harness.Hosting;

/// <summary>What every harness that starts a silo reads from its command line: <c>--name value</c> pairs and <c>--silo</c>.</summary>
internal static class HarnessArguments
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is not given.</summary>
    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The Release silo to start: <c>--silo</c>, or the one built in this repository.</summary>
    public static string SiloDll(string[] args)
    {
        var silo = Value(args, "--silo") ?? Path.Combine(RepositoryRoot(), "silo", "bin", "Release", "net10.0", "LifecycleActors.Silo.dll");
        return File.Exists(silo)
            ? silo
            : throw new ArgumentException($"--silo: {silo} does not exist; build it first with 'dotnet build -c Release silo'");
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LifecycleActors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository, or pass --silo");
    }
}

namespace LifecycleActors.Tests.Shared;

/// <summary>
/// The read-only third-party data sets beside the repository (<c>../shared/data</c>), never copied into it: tests that
/// need one skip, saying where they looked, on a machine that does not have it.
/// </summary>
internal static class SharedData
{
    public static string OnlineRetailPath => Path.Combine(RepositoryRoot().Parent!.FullName, "shared", "data", "online-retail", "online_retail.csv.gz");

    /// <summary>The path of the Online Retail file; skips the calling test when it is absent.</summary>
    public static string RequireOnlineRetail() => Require("online-retail/online_retail.csv.gz", "the UCI Online Retail data set");

    /// <summary>The path of a file under ../shared/data; skips the calling test, naming <paramref name="what"/>, when it is absent.</summary>
    public static string Require(string relativePath, string what)
    {
        var path = Path.Combine(RepositoryRoot().Parent!.FullName, "shared", "data", relativePath);
        Assert.SkipUnless(File.Exists(path), $"{what} is not at {path} (kept outside the repository, in ../shared/data)");
        return path;
    }

    /// <summary>The folder holding LifecycleActors.sln, found upwards from the test binaries.</summary>
    private static DirectoryInfo RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LifecycleActors.sln")))
            {
                return dir;
            }
        }

        Assert.Skip($"no folder above {AppContext.BaseDirectory} holds LifecycleActors.sln, so ../shared/data cannot be found");
        throw new InvalidOperationException("unreachable: Assert.Skip throws");
    }
}

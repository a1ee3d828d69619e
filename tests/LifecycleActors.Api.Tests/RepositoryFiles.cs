using YamlDotNet.RepresentationModel;

namespace LifecycleActors.Api.Tests;

/// <summary>The repository's own files, for the tests that read the deployment files (compose, nginx, Prometheus, Grafana).</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder above the test binaries that holds <c>docker-compose.yml</c>.</summary>
    public static readonly string Root = FindRoot();

    /// <summary>The first document of a YAML file, by its path from <see cref="Root"/>.</summary>
    public static YamlMappingNode LoadYaml(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(Root, relative));
        Assert.True(File.Exists(path), $"{path} does not exist");
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docker-compose.yml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds docker-compose.yml");
    }
}

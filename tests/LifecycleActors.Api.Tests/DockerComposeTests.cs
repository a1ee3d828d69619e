using System.Text.RegularExpressions;
using LifecycleActors.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// There is no Docker engine in CI, so <c>docker-compose.yml</c> is checked by parsing it: the services and what
/// they build or run exist, health checks and the database volume are there, the silos' environment is
/// configuration the service reads and documents, and the load balancer sends traffic to the port the silos listen on.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static readonly string Root = RepositoryFiles.Root;
    private static readonly YamlMappingNode Compose = RepositoryFiles.LoadYaml("docker-compose.yml");

    [Fact]
    public void Postgres_keeps_its_data_in_a_named_volume_and_has_a_health_check()
    {
        var postgres = Service("postgres");
        Assert.StartsWith("postgres:15", Scalar(postgres, "image"));
        var volumes = Mapping(Compose, "volumes");
        var mount = Assert.Single(Sequence(postgres, "volumes")).ToString();
        Assert.Contains(mount.Split(':')[0], volumes.Children.Keys.Select(k => k.ToString()));
        Assert.EndsWith(":/var/lib/postgresql/data", mount);
        Assert.Contains("pg_isready", string.Join(" ", Sequence(Mapping(postgres, "healthcheck"), "test")));
    }

    [Fact]
    public void The_silos_build_from_the_solution_and_are_ready_only_when_their_readiness_check_says_so()
    {
        var silo = Service("silo");
        var build = Mapping(silo, "build");
        var dockerfile = Path.Combine(Root, Scalar(build, "context"), Scalar(build, "dockerfile"));
        Assert.True(File.Exists(dockerfile), $"{dockerfile} does not exist");
        var text = File.ReadAllText(dockerfile);
        foreach (Match copied in CopiedPath().Matches(text))
        {
            Assert.True(Path.Exists(Path.Combine(Root, copied.Groups[1].Value)), $"{dockerfile} copies {copied.Groups[1].Value}, which does not exist");
        }

        Assert.Contains("silo/LifecycleActors.Silo.csproj", text);
        Assert.True(int.Parse(Scalar(Mapping(silo, "deploy"), "replicas"), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Contains("/health/ready", string.Join(" ", Sequence(Mapping(silo, "healthcheck"), "test")));
        Assert.Equal("service_healthy", Scalar(Mapping(Mapping(silo, "depends_on"), "postgres"), "condition"));
    }

    [Fact]
    public void The_silos_environment_is_documented_configuration_with_valid_values()
    {
        var environment = Environment(Service("silo"));
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        foreach (var key in environment.Keys)
        {
            // An element of a list (Lifecycle__Metrics__AllowedNetworks__0) is documented with its list.
            var name = ListIndex().Replace(key.Replace("__", ":", StringComparison.Ordinal), "");
            var section = name.Contains(':', StringComparison.Ordinal) ? $"`{name[..name.LastIndexOf(':')]}:*`" : null;
            var documented = readme.Contains($"`{name}`", StringComparison.Ordinal) || (section is not null && readme.Contains(section, StringComparison.Ordinal));
            Assert.True(documented, $"docker-compose.yml sets {key}, which the README's configuration does not describe ({name})");
        }

        // Values as docker compose would pass them, with placeholders for the secrets from .env.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)Interpolation().Replace(e.Value, v => Default().Match(v.Value) is { Success: true } d ? d.Groups[1].Value : "secret-0123456789abcdef"))))
            .Build();
        var settings = WiringSettings.Read(configuration);
        Assert.Equal("postgres", settings.Storage.Provider);
        Assert.Equal("postgres", configuration["Storage:Provider"]);
        Assert.NotNull(configuration["Lifecycle:Auth:SigningKey"]);
        Assert.NotNull(configuration["LIFECYCLE_BOOTSTRAP_API_KEY"]);
        var metrics = configuration.GetSection("Lifecycle:Metrics").Get<LifecycleActors.Silo.Telemetry.MetricsOptions>() ?? new();
        Assert.Null(metrics.Validate());
    }

    [Fact]
    public void The_load_balancer_uses_its_config_from_the_repository_and_reaches_the_silos_http_port()
    {
        var lb = Service("lb");
        Assert.StartsWith("nginx:", Scalar(lb, "image"));
        Assert.NotEmpty(Sequence(lb, "ports"));
        Assert.NotEmpty(Sequence(Mapping(lb, "healthcheck"), "test"));
        var mount = Assert.Single(Sequence(lb, "volumes")).ToString().Split(':');
        var config = Path.GetFullPath(Path.Combine(Root, mount[0]));
        Assert.True(File.Exists(config), $"{config} does not exist");

        var siloPort = new Uri(Environment(Service("silo"))["ASPNETCORE_URLS"]).Port;
        var upstreams = UpstreamServer().Matches(File.ReadAllText(config));
        Assert.NotEmpty(upstreams);
        Assert.All(upstreams, server => Assert.Equal($"silo:{siloPort}", server.Groups[1].Value));
    }

    private static YamlMappingNode Service(string name) => Mapping(Mapping(Compose, "services"), name);

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        Mapping(service, "environment").Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString());

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(Child(node, key));

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) =>
        Assert.IsType<YamlSequenceNode>(Child(node, key));

    private static string Scalar(YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(Child(node, key)).Value!;

    private static YamlNode Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : throw new Xunit.Sdk.XunitException($"docker-compose.yml: no '{key}' at {node.Start}");

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Interpolation();

    /// <summary>A variable with a default (<c>${NAME:-default}</c>): docker compose passes the default without .env.</summary>
    [GeneratedRegex(@"^\$\{\w+:?-([^}]*)\}$")]
    private static partial Regex Default();

    [GeneratedRegex(@":\d+$")]
    private static partial Regex ListIndex();

    /// <summary>The source of a COPY from the build context (not <c>--from</c> a stage).</summary>
    [GeneratedRegex(@"^COPY (?!--from)(\S+) ", RegexOptions.Multiline)]
    private static partial Regex CopiedPath();

    [GeneratedRegex(@"^\s*server\s+([^\s{;]+:\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}

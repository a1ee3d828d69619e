using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LifecycleActors.Silo.Telemetry;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The <c>observability</c> profile of <c>docker-compose.yml</c>, checked by parsing like the rest of the file: Prometheus
/// and Grafana run only under the profile and listen on this machine only, Prometheus finds every silo on the port the
/// silos listen on, Grafana's provisioning reaches Prometheus and the dashboard folder, every query of the dashboard
/// names metrics the silos export, and <c>/metrics</c> is open to the compose network but refused by the balancer.
/// </summary>
public sealed partial class ObservabilityDeployTests
{
    private const string Profile = "observability";
    private const string DashboardFile = "deploy/grafana/dashboards/lifecycle.json";

    /// <summary>The libraries' metrics the dashboard may use besides the service's own: Orleans, ASP.NET Core's HTTP
    /// server, the .NET runtime, and the series Prometheus and the exporter add to every target.</summary>
    private static readonly string[] LibraryPrefixes = ["orleans_", "http_server_", "dotnet_"];

    private static readonly string[] ScrapeSeries = ["up", "target_info"];

    private static readonly string Root = RepositoryFiles.Root;
    private static readonly YamlMappingNode Compose = RepositoryFiles.LoadYaml("docker-compose.yml");

    [Fact]
    public void Prometheus_and_grafana_run_only_under_the_observability_profile()
    {
        var services = Mapping(Compose, "services").Children.ToDictionary(s => s.Key.ToString(), s => (YamlMappingNode)s.Value);
        Assert.Equal(new[] { "grafana", "prometheus" }, services.Where(s => Profiles(s.Value).Contains(Profile)).Select(s => s.Key).Order());
        Assert.All(new[] { "prometheus", "grafana" }, name => Assert.Equal(new[] { Profile }, Profiles(services[name])));
        // Everything else still starts with a plain 'docker compose up'.
        Assert.All(services.Where(s => s.Key is not ("prometheus" or "grafana")), s => Assert.Empty(Profiles(s.Value)));

        Assert.Matches(@"^prom/prometheus:v\d+\.\d+\.\d+$", Scalar(Service("prometheus"), "image"));
        Assert.Matches(@"^grafana/grafana:\d+\.\d+\.\d+$", Scalar(Service("grafana"), "image"));
    }

    [Theory]
    [InlineData("prometheus", "/prometheus")]
    [InlineData("grafana", "/var/lib/grafana")]
    public void The_profiles_services_listen_on_this_machine_only_and_keep_their_data_in_named_volumes(string name, string dataPath)
    {
        var service = Service(name);
        var ports = Sequence(service, "ports").Select(p => p.ToString()).ToList();
        Assert.NotEmpty(ports);
        Assert.All(ports, port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));

        var declared = Mapping(Compose, "volumes").Children.Keys.Select(k => k.ToString()).ToList();
        var data = Assert.Single(Mounts(service), m => m.Target == dataPath);
        Assert.Contains(data.Source, declared);
        Assert.NotNull(Child(service, "healthcheck"));
    }

    [Fact]
    public void Grafanas_admin_password_comes_from_the_env_file_and_nothing_in_the_profile_is_required_by_a_plain_up()
    {
        // Compose interpolates every service before it applies profiles: a ${VAR:?} here would stop 'docker compose up'.
        foreach (var name in new[] { "prometheus", "grafana" })
        {
            var text = Serialize(Service(name));
            Assert.DoesNotMatch(@"\$\{[^}]*\?", text);
        }

        var grafana = Service("grafana");
        var password = Environment(grafana)["GF_SECURITY_ADMIN_PASSWORD"];
        Assert.Matches(@"^\$\{GRAFANA_ADMIN_PASSWORD(:-)?\}$", password);
        // Grafana's own default would be admin/admin: the entrypoint refuses to start without the password instead.
        var entrypoint = string.Join(" ", Sequence(grafana, "entrypoint").Select(e => e.ToString()));
        Assert.Contains("test -n \"$$GF_SECURITY_ADMIN_PASSWORD\"", entrypoint, StringComparison.Ordinal);
        Assert.Contains("exit 1", entrypoint, StringComparison.Ordinal);
        Assert.EndsWith("exec /run.sh", entrypoint, StringComparison.Ordinal);

        var example = File.ReadAllLines(Path.Combine(Root, "deploy/example.env"));
        Assert.Contains("GRAFANA_ADMIN_PASSWORD=", example);
    }

    [Fact]
    public void Prometheus_discovers_every_silo_replica_and_scrapes_the_port_and_path_the_silos_serve_metrics_on()
    {
        var prometheus = Service("prometheus");
        var command = Sequence(prometheus, "command").Select(c => c.ToString()).ToList();
        var configPath = Flag(command, "--config.file");
        Assert.Equal("/prometheus", Flag(command, "--storage.tsdb.path"));
        var config = Assert.Single(Mounts(prometheus), m => m.Target == configPath);
        Assert.True(config.ReadOnly);
        var file = RepositoryFiles.LoadYaml(config.Source);

        var silos = Sequence(file, "scrape_configs").Cast<YamlMappingNode>().Where(j => Scalar(j, "job_name") == SiloJob()).ToList();
        var job = Assert.Single(silos);
        Assert.Equal(OperatorTelemetry.MetricsPath, Optional(job, "metrics_path") ?? "/metrics");
        Assert.Equal("http", Optional(job, "scheme") ?? "http");
        var discovery = Assert.IsType<YamlMappingNode>(Assert.Single(Sequence(job, "dns_sd_configs")));
        Assert.Equal("A", Scalar(discovery, "type"));
        Assert.Equal(new[] { "silo" }, Sequence(discovery, "names").Select(n => n.ToString()));
        var siloPort = new Uri(Environment(Service("silo"))["ASPNETCORE_URLS"]).Port;
        Assert.Equal(siloPort, int.Parse(Scalar(discovery, "port"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Grafana_provisions_the_prometheus_data_source_and_the_dashboard_folder_from_the_repository()
    {
        var grafana = Service("grafana");
        var mounts = Mounts(grafana);
        var provisioning = Assert.Single(mounts, m => m.Target == "/etc/grafana/provisioning");
        Assert.True(provisioning.ReadOnly);

        var datasources = RepositoryFiles.LoadYaml(Path.Combine(provisioning.Source, "datasources/prometheus.yml"));
        var source = Assert.IsType<YamlMappingNode>(Assert.Single(Sequence(datasources, "datasources")));
        Assert.Equal("prometheus", Scalar(source, "type"));
        var url = new Uri(Scalar(source, "url"));
        Assert.Equal("prometheus", url.Host);
        var prometheusPort = Sequence(Service("prometheus"), "ports").Select(p => p.ToString().Split(':')[^1]).Single();
        Assert.Equal(prometheusPort, url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var dashboards = RepositoryFiles.LoadYaml(Path.Combine(provisioning.Source, "dashboards/lifecycle.yml"));
        var provider = Assert.IsType<YamlMappingNode>(Assert.Single(Sequence(dashboards, "providers")));
        Assert.Equal("file", Scalar(provider, "type"));
        var folder = Scalar(Mapping(provider, "options"), "path");
        var mounted = Assert.Single(mounts, m => m.Target == folder);
        Assert.True(mounted.ReadOnly);
        Assert.Equal(Path.GetFullPath(Path.Combine(Root, DashboardFile)), Path.GetFullPath(Path.Combine(Root, mounted.Source, Path.GetFileName(DashboardFile))));
        Assert.True(File.Exists(Path.Combine(Root, DashboardFile)));

        // The home dashboard is the provisioned file, and every panel and variable asks the provisioned data source.
        var home = Environment(grafana)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];
        Assert.Equal($"{folder}/{Path.GetFileName(DashboardFile)}", home);
        var uid = Scalar(source, "uid");
        var dashboard = Dashboard();
        var asked = Panels(dashboard).Where(p => p.GetProperty("type").GetString() != "row").Select(p => p.GetProperty("datasource"))
            .Concat(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("datasource")))
            .ToList();
        Assert.NotEmpty(asked);
        Assert.All(asked, ds => Assert.Equal(uid, ds.GetProperty("uid").GetString()));
    }

    [Fact]
    public void Every_dashboard_query_names_a_metric_the_silos_export()
    {
        var known = ServiceMetricNames();
        var queries = Queries(Dashboard()).ToList();
        Assert.True(queries.Count >= 20, $"the dashboard has {queries.Count} queries");
        foreach (var (title, expr) in queries)
        {
            var names = MetricNames(expr);
            Assert.True(names.Count > 0, $"'{title}': no metric in {expr}");
            foreach (var name in names)
            {
                Assert.True(IsExported(name, known), $"'{title}' asks for {name}, which neither the service's instruments nor the allowed libraries export: {expr}");
            }

            // Every series of the silos carries job="lifecycle-silos": a query without it would mix in other targets.
            Assert.Contains($"job=\"{SiloJob()}\"", expr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Are we keeping up?", "lifecycle_ingest_events_total", "lifecycle_ingest_durable_duration_seconds_bucket", "lifecycle_apply_lag", "lifecycle_apply_customers_behind", "lifecycle_read_model_queue_depth", "lifecycle_read_model_flush_duration_seconds_bucket")]
    [InlineData("Are lapses on time?", "lifecycle_transition_time_driven_lag_seconds_bucket", "lifecycle_transitions_total")]
    [InlineData("Are webhooks failing?", "lifecycle_campaign_sends_total", "lifecycle_campaign_webhook_duration_seconds_bucket", "lifecycle_campaign_webhook_retries_total", "lifecycle_campaign_dead_letters_total", "lifecycle_campaign_suppressions_total")]
    [InlineData("Which silo is sick?", "up", "http_server_request_duration_seconds_count", "http_server_request_duration_seconds_bucket", "dotnet_process_cpu_time_seconds_total", "dotnet_gc_pause_time_seconds_total", "orleans_catalog_activations", "orleans_messaging_processing_dispatcher_received_total")]
    public void Each_question_has_a_row_of_panels_over_its_figures(string row, params string[] metrics)
    {
        var rows = Rows(Dashboard());
        Assert.True(rows.ContainsKey(row), $"no row '{row}' in {DashboardFile}: {string.Join(", ", rows.Keys)}");
        var queries = rows[row].SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        var used = queries.SelectMany(MetricNames).ToHashSet();
        Assert.All(metrics, metric => Assert.Contains(metric, used));
        if (row == "Which silo is sick?")
        {
            // One series per silo: every query of the row keeps Prometheus' instance label.
            Assert.All(queries, q => Assert.True(q.StartsWith("up{", StringComparison.Ordinal) || q.Contains("by (instance", StringComparison.Ordinal) || q.Contains("instance)", StringComparison.Ordinal), q));
        }
    }

    [Fact]
    public void The_service_metric_names_follow_the_prometheus_exporter()
    {
        var known = ServiceMetricNames();
        // As a silo's /metrics spells them (counters _total, seconds as a suffix, {annotations} dropped).
        Assert.Contains("lifecycle_ingest_events_total", known);
        Assert.Contains("lifecycle_ingest_durable_duration_seconds_bucket", known);
        Assert.Contains("lifecycle_ingest_durable_duration_seconds_count", known);
        Assert.Contains("lifecycle_apply_lag", known);
        Assert.Contains("lifecycle_apply_customers_behind", known);
        Assert.Contains("lifecycle_read_model_queue_depth", known);
        Assert.Contains("lifecycle_transition_time_driven_lag_seconds_bucket", known);
        Assert.DoesNotContain("lifecycle_apply_lag_total", known);
        Assert.DoesNotContain("lifecycle_ingest_durable_duration_seconds", known);
    }

    [Fact]
    public void The_query_reader_finds_metric_names_and_skips_functions_labels_ranges_and_variables()
    {
        var names = MetricNames("""
            histogram_quantile(0.99, sum by (le, instance) (rate(lifecycle_ingest_durable_duration_seconds_bucket{job="x", lifecycle_tenant=~"$tenant"}[$__rate_interval])))
              / on (instance) group_left max without (cpu_mode) (dotnet_process_cpu_count offset 5m) > bool 0 or up
            """);
        Assert.Equal(new[] { "dotnet_process_cpu_count", "lifecycle_ingest_durable_duration_seconds_bucket", "up" }, names.Order());

        // A misspelt name is caught.
        var known = ServiceMetricNames();
        Assert.False(IsExported(Assert.Single(MetricNames("sum(rate(lifecycle_ingest_event_total[5m]))")), known));
        Assert.False(IsExported("lifecycle_apply_lag_bucket", known));
        Assert.False(IsExported("aspnetcore_routing_match_attempts_total", known));
        Assert.True(IsExported("orleans_catalog_activations", known));
    }

    [Fact]
    public void The_silos_let_the_compose_network_read_metrics_and_the_balancer_refuses_the_path()
    {
        // The network's subnet and the silos' allowed network are the same setting, with the same default.
        var subnet = Scalar(Assert.IsType<YamlMappingNode>(Assert.Single(Sequence(Mapping(Mapping(Mapping(Compose, "networks"), "default"), "ipam"), "config"))), "subnet");
        var allowed = Environment(Service("silo"))["Lifecycle__Metrics__AllowedNetworks__0"];
        Assert.Equal(subnet, allowed);
        Assert.Single(Environment(Service("silo")).Keys, k => k.StartsWith("Lifecycle__Metrics__AllowedNetworks", StringComparison.Ordinal));

        var network = Assert.Single(DefaultOf(subnet));
        var options = new MetricsOptions();
        new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("AllowedNetworks:0", (string?)network)]).Build().Bind(options);
        Assert.Null(options.Validate());
        var parsed = Assert.Single(options.ParsedNetworks());
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, parsed.BaseAddress.AddressFamily);
        // A private range, so no address of the internet is let in.
        Assert.True(IPNetwork.Parse("10.0.0.0/8").Contains(parsed.BaseAddress) || IPNetwork.Parse("172.16.0.0/12").Contains(parsed.BaseAddress) || IPNetwork.Parse("192.168.0.0/16").Contains(parsed.BaseAddress), network);
        Assert.Contains($"LIFECYCLE_SUBNET={network}", File.ReadAllLines(Path.Combine(Root, "deploy/example.env")));

        // nginx sits inside that network, so it must not pass /metrics on: an exact location answers it without proxying.
        var lb = Assert.Single(Mounts(Service("lb")));
        var nginx = File.ReadAllText(Path.Combine(Root, lb.Source));
        var block = MetricsLocation().Match(nginx);
        Assert.True(block.Success, $"{lb.Source} has no 'location = {OperatorTelemetry.MetricsPath}' block");
        Assert.Matches(@"^\s*return\s+40[34];\s*$", block.Groups["body"].Value);
        Assert.DoesNotContain("proxy_pass", block.Groups["body"].Value, StringComparison.Ordinal);
    }

    // ---- The service's metric names as Prometheus spells them ------------------------------------------------------

    /// <summary>Every instrument the service's meters create, under the names the Prometheus exporter gives it.</summary>
    private static HashSet<string> ServiceMetricNames()
    {
        var instruments = new List<Instrument>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (TelemetryServices.MeterNames.Contains(instrument.Meter.Name))
            {
                lock (instruments)
                {
                    instruments.Add(instrument);
                }
            }
        };
        listener.Start();
        var services = new ServiceCollection().AddMetrics().AddLifecycleMetrics();
        using (var provider = services.BuildServiceProvider())
        {
            foreach (var descriptor in services.Where(d => d.ServiceType.Assembly == typeof(TelemetryServices).Assembly))
            {
                provider.GetRequiredService(descriptor.ServiceType);
            }
        }

        Assert.All(TelemetryServices.MeterNames, meter => Assert.Contains(instruments, i => i.Meter.Name == meter));
        return [.. instruments.SelectMany(PrometheusNames)];
    }

    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        var unit = instrument.Unit switch
        {
            null or "" => "",
            var u when u.StartsWith('{') => "",
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            var u => throw new Xunit.Sdk.XunitException($"{instrument.Name}: unit '{u}', whose Prometheus suffix this test does not know"),
        };
        if (unit.Length > 0 && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>))
        {
            return [name + "_total"];
        }

        if (kind == typeof(Histogram<>))
        {
            return [name + "_bucket", name + "_sum", name + "_count"];
        }

        return [name];
    }

    private static bool IsExported(string name, HashSet<string> service) =>
        name.StartsWith("lifecycle_", StringComparison.Ordinal)
            ? service.Contains(name)
            : ScrapeSeries.Contains(name) || LibraryPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The metric names a PromQL expression selects: identifiers that are not functions, keywords, labels,
    /// strings, ranges or Grafana variables.</summary>
    private static HashSet<string> MetricNames(string expr)
    {
        var text = StringLiteral().Replace(expr, " ");
        text = LabelMatchers().Replace(text, " ");
        text = Range().Replace(text, " ");
        text = LabelList().Replace(text, " ");
        return [.. Identifier().Matches(text).Select(m => m.Value).Where(n => !Keywords.Contains(n))];
    }

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    // ---- The dashboard --------------------------------------------------------------------------------------------

    private static JsonElement Dashboard() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, DashboardFile))).RootElement;

    /// <summary>Every panel, those nested in collapsed rows too.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(p) : [p]);

    /// <summary>The panels under each row, in the order the dashboard shows them.</summary>
    private static Dictionary<string, List<JsonElement>> Rows(JsonElement dashboard)
    {
        var rows = new Dictionary<string, List<JsonElement>>();
        List<JsonElement>? current = null;
        foreach (var panel in Panels(dashboard))
        {
            if (panel.GetProperty("type").GetString() == "row")
            {
                rows[panel.GetProperty("title").GetString()!] = current = [];
            }
            else
            {
                current?.Add(panel);
            }
        }

        return rows;
    }

    /// <summary>Every PromQL expression: the panels' targets and the variables' <c>label_values(expr, label)</c>.</summary>
    private static IEnumerable<(string Where, string Expr)> Queries(JsonElement dashboard)
    {
        foreach (var panel in Panels(dashboard).Where(p => p.GetProperty("type").GetString() != "row"))
        {
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            foreach (var target in targets)
            {
                yield return (panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!);
            }
        }

        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            var query = variable.GetProperty("query");
            var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
            var labelValues = LabelValues().Match(text);
            Assert.True(labelValues.Success, $"variable {variable.GetProperty("name")}: {text}");
            yield return ($"${variable.GetProperty("name")}", labelValues.Groups["expr"].Value);
        }
    }

    private static string SiloJob()
    {
        var jobs = Sequence(RepositoryFiles.LoadYaml("deploy/prometheus.yml"), "scrape_configs").Cast<YamlMappingNode>()
            .Where(j => Child(j, "dns_sd_configs") is not null).Select(j => Scalar(j, "job_name"));
        return Assert.Single(jobs);
    }

    // ---- YAML ----------------------------------------------------------------------------------------------------

    private sealed record Mount(string Source, string Target, bool ReadOnly);

    private static List<Mount> Mounts(YamlMappingNode service) =>
        [.. Sequence(service, "volumes").Select(v => v.ToString().Split(':')).Select(p => new Mount(p[0], p[1], p.Length > 2 && p[2] == "ro"))];

    private static List<string> Profiles(YamlMappingNode service) =>
        Child(service, "profiles") is YamlSequenceNode profiles ? [.. profiles.Select(p => p.ToString())] : [];

    /// <summary>The value a compose variable has without .env: its <c>:-</c> or <c>-</c> default, or the text itself.</summary>
    private static List<string> DefaultOf(string value)
    {
        var variable = VariableWithDefault().Match(value);
        return variable.Success ? [variable.Groups["default"].Value] : [value];
    }

    private static string Flag(List<string> command, string flag) =>
        Assert.Single(command, c => c.StartsWith(flag + "=", StringComparison.Ordinal))[(flag.Length + 1)..];

    private static YamlMappingNode Service(string name) =>
        Assert.IsType<YamlMappingNode>(Child(Mapping(Compose, "services"), name) ?? throw new Xunit.Sdk.XunitException($"docker-compose.yml: no service '{name}'"));

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        Mapping(service, "environment").Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString());

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => Assert.IsType<YamlMappingNode>(Required(node, key));

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) => Assert.IsType<YamlSequenceNode>(Required(node, key));

    private static string Scalar(YamlMappingNode node, string key) => Assert.IsType<YamlScalarNode>(Required(node, key)).Value!;

    private static string? Optional(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static YamlNode Required(YamlMappingNode node, string key) =>
        Child(node, key) ?? throw new Xunit.Sdk.XunitException($"no '{key}' at {node.Start}");

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string Serialize(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelList();

    /// <summary>A name that is not a function call, a number's exponent or a duration, nor a Grafana variable.</summary>
    [GeneratedRegex(@"(?<![\w$.:])(?>[a-zA-Z_:][a-zA-Z0-9_:]*)(?!\s*\()")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^label_values\((?<expr>.+),\s*\w+\s*\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"^\$\{\w+:?-(?<default>[^}]*)\}$")]
    private static partial Regex VariableWithDefault();

    [GeneratedRegex(@"location\s*=\s*/metrics\s*\{(?<body>[^}]*)\}")]
    private static partial Regex MetricsLocation();
}

using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Harness.Soak;

/// <summary>
/// Release silos on one PostgreSQL database, each slot with its own data directory and fixed ports, so that a killed
/// silo comes back as a service manager restarts it: on the same ports. A killed silo leaves <see cref="Up"/> at once
/// (as a load balancer's failed health check) and rejoins it when ready.
/// </summary>
internal sealed class SoakCluster : IAsyncDisposable
{
    private static readonly string[] FailureDetection =
        ["--Orleans:Membership:ProbeTimeout", "00:00:02", "--Orleans:Membership:NumMissedProbesLimit", "2"];

    private readonly SoakOptions _options;
    private readonly string _database;
    private readonly BenchSilo?[] _silos;
    private readonly string[][] _ports;
    private readonly DateTimeOffset[] _startedAt;

    private SoakCluster(SoakOptions options, string database)
    {
        _options = options;
        _database = database;
        _silos = new BenchSilo?[options.Silos];
        _startedAt = new DateTimeOffset[options.Silos];
        _ports = [.. Enumerable.Range(0, options.Silos).Select(_ => new[]
        {
            "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        })];
    }

    public int Size => _silos.Length;

    public static async Task<SoakCluster> StartAsync(SoakOptions options, string database)
    {
        var cluster = new SoakCluster(options, database);
        for (var slot = 0; slot < options.Silos; slot++)
        {
            await cluster.StartAsync(slot);
        }

        return cluster;
    }

    /// <summary>The silos that are up, in slot order.</summary>
    public IReadOnlyList<Uri> Up()
    {
        lock (_silos)
        {
            return [.. _silos.Where(s => s is not null).Select(s => s!.BaseAddress)];
        }
    }

    /// <summary>SIGKILL the silo of <paramref name="slot"/>; it leaves <see cref="Up"/> at once.</summary>
    public async Task KillAsync(int slot)
    {
        BenchSilo killed;
        lock (_silos)
        {
            killed = _silos[slot] ?? throw new InvalidOperationException($"silo {slot} is not running");
            _silos[slot] = null;
        }

        await killed.DisposeAsync();
    }

    /// <summary>Starts the silo of <paramref name="slot"/> again on its ports; answers how long until it was ready.</summary>
    public async Task<TimeSpan> RestartAsync(int slot)
    {
        var clock = Stopwatch.StartNew();
        await StartAsync(slot);
        return clock.Elapsed;
    }

    /// <summary>Each slot's resident memory in MiB and how long its silo has been running.</summary>
    public IReadOnlyList<(double MiB, TimeSpan Age)> Memory()
    {
        lock (_silos)
        {
            return [.. _silos.Select((s, i) => s is null ? (0d, TimeSpan.Zero) : (s.ResidentBytes() / 1048576d, DateTimeOffset.UtcNow - _startedAt[i]))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private async Task StartAsync(int slot)
    {
        var data = Path.Combine(_options.DataDirectory, $"silo-{slot}");
        Directory.CreateDirectory(data);
        var silo = await BenchSilo.StartAsync(
            _options.SiloDll, data, ["--Storage:Provider", "postgres", "--ConnectionStrings:Lifecycle", _database, .. FailureDetection, .. _ports[slot]]);
        lock (_silos)
        {
            _silos[slot] = silo;
            _startedAt[slot] = DateTimeOffset.UtcNow;
        }
    }
}

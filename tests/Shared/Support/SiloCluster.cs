namespace LifecycleActors.Tests.Support;

/// <summary>
/// Silo processes on one PostgreSQL database with the same tenant, agents and signing key, each with its own HTTP and
/// Orleans ports. Slots are numbered; a silo killed or stopped leaves <see cref="Up"/> at once (as a load balancer
/// whose health check fails), and a slot can be started again (a new process, new ports).
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    public const string Tenant = "shop-a";
    public const string ApiKey = "failover-test-key-0123456789";

    private readonly SiloProcess?[] _slots;
    private readonly string _directory;
    private readonly string _connectionString;
    private readonly string[] _arguments;

    private SiloCluster(int size, string directory, string connectionString, string[] arguments)
    {
        _slots = new SiloProcess?[size];
        _directory = directory;
        _connectionString = connectionString;
        _arguments = arguments;
    }

    /// <summary>The silos that are up, in slot order.</summary>
    public IReadOnlyList<Uri> Up
    {
        get
        {
            lock (_slots)
            {
                return [.. _slots.OfType<SiloProcess>().Select(s => s.BaseAddress)];
            }
        }
    }

    public SiloProcess this[int slot] => _slots[slot] ?? throw new InvalidOperationException($"silo {slot} is not running");

    /// <param name="arguments">More configuration, the same for every silo.</param>
    public static async Task<SiloCluster> StartAsync(int size, string directory, string connectionString, params string[] arguments)
    {
        // Each silo has two pools (the service's tables, Orleans'): bounded, so that the silos stay within the server's
        // max_connections (300 with .ci/postgres.sh) under load.
        var pooled = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 40 }.ConnectionString;
        var cluster = new SiloCluster(size, directory, pooled, ["--Storage:Provider", "postgres", .. DashboardHost.AgentArguments, .. arguments]);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, size).Select(cluster.StartAsync));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the silo of <paramref name="slot"/> and waits until it is ready.</summary>
    public async Task StartAsync(int slot)
    {
        var silo = await SiloProcess.StartAsync(_directory, _connectionString, Tenant, ApiKey, _arguments);
        lock (_slots)
        {
            _slots[slot] = silo;
        }
    }

    /// <summary>SIGKILL; requests under way to it fail.</summary>
    public async Task KillAsync(int slot)
    {
        await this[slot].KillAsync();
        await Take(slot).DisposeAsync();
    }

    /// <summary>SIGTERM, and waits for the process to exit: requests already sent to it are still answered.</summary>
    public async Task StopAsync(int slot)
    {
        var silo = this[slot];
        await silo.StopAsync();
        Take(slot);
        await silo.DisposeAsync();
    }

    /// <summary>Takes a silo whose process has ended by itself out of the cluster (as a balancer whose health check fails).</summary>
    public async Task RemoveExitedAsync(int slot)
    {
        var silo = this[slot];
        if (!silo.HasExited)
        {
            throw new InvalidOperationException($"silo {slot} is still running");
        }

        await Take(slot).DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot] is { } silo)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private SiloProcess Take(int slot)
    {
        lock (_slots)
        {
            var silo = this[slot];
            _slots[slot] = null;
            return silo;
        }
    }
}

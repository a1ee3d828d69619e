using System.Diagnostics;
using System.Globalization;
using System.Net;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Harness.Hosting;

/// <summary>
/// The Release silo as a child process on loopback (tenant <see cref="Tenant"/>, no API rate limit, its own ports),
/// with its resident memory read from /proc.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    public const string Tenant = "bench";
    public const string ApiKey = "bench-key-0123456789abcdef";

    private readonly Process _process;

    private BenchSilo(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Resident set size of the silo process, in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS line for the silo process");
    }

    /// <param name="extraArguments">Configuration overrides appended to the command line.</param>
    /// <param name="environment">Variables set for the silo only (such as the bootstrap tenant key and agent password).</param>
    public static async Task<BenchSilo> StartAsync(
        string siloDll,
        string dataDirectory,
        IEnumerable<string> extraArguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dataDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var argument in new[]
        {
            siloDll,
            "--urls", $"http://127.0.0.1:{port}",
            "--ConnectionStrings:Lifecycle", $"Data Source={Path.Combine(dataDirectory, "lifecycle.db")};Pooling=True;Default Timeout=30",
            "--Lifecycle:Tenants:0:Id", Tenant,
            "--Lifecycle:Tenants:0:ApiKey", ApiKey,
            "--Lifecycle:RateLimit:RequestsPerSecond", "100000",
            "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
        }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var log = new StreamWriter(Path.Combine(dataDirectory, "silo.log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var silo = new BenchSilo(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with code {process.ExitCode}; see {dataDirectory}/silo.log");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return silo;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the silo did not become ready in 10 minutes");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Stops the silo gracefully (SIGTERM): every active customer writes its snapshot first.</summary>
    public async Task StopAsync()
    {
        using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await term.WaitForExitAsync();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

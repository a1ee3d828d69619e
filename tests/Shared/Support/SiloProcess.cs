using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace LifecycleActors.Tests.Support;

/// <summary>The silo as a real child process (<c>dotnet LifecycleActors.Silo.dll</c>) on loopback, killable with SIGKILL.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _logFile;

    private SiloProcess(Process process, string logFile, Uri baseAddress, int siloPort)
    {
        _process = process;
        _logFile = logFile;
        BaseAddress = baseAddress;
        SiloPort = siloPort;
    }

    public Uri BaseAddress { get; }

    /// <summary>The Orleans silo-to-silo port: with the loopback address, the silo's row in the membership table.</summary>
    public int SiloPort { get; }

    /// <summary>The process has ended (killed, or ended itself); then <see cref="ExitCode"/> says how.</summary>
    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="arguments">More configuration for the silo (<c>--Storage:Provider postgres</c>, say).</param>
    public static async Task<SiloProcess> StartAsync(string workingDirectory, string connectionString, string tenant, string apiKey, params string[] arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(workingDirectory, connectionString, tenant, apiKey, arguments);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took one of the free ports between choosing it and the silo binding it: new ports.
            }
        }
    }

    private static async Task<SiloProcess> StartOnceAsync(string workingDirectory, string connectionString, string tenant, string apiKey, string[] arguments)
    {
        var port = FreePort.Next();
        var siloPort = FreePort.Next();
        var silo = Path.Combine(AppContext.BaseDirectory, "LifecycleActors.Silo.dll");
        var logFile = Path.Combine(workingDirectory, $"silo-{port}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] siloArguments =
        [
            silo,
            "--urls", $"http://127.0.0.1:{port}",
            "--ConnectionStrings:Lifecycle", connectionString,
            "--Lifecycle:Tenants:0:Id", tenant,
            "--Lifecycle:Tenants:0:ApiKey", apiKey,
            "--Orleans:Endpoints:SiloPort", siloPort.ToString(CultureInfo.InvariantCulture),
            "--Orleans:Endpoints:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Lifecycle:RateLimit:RequestsPerSecond", "100000",
            "--Logging:Console:FormatterOptions:TimestampFormat", "HH:mm:ss.fff ",
            .. arguments,
        ];
        foreach (var argument in siloArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => WriteLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var silo2 = new SiloProcess(process, logFile, new Uri($"http://127.0.0.1:{port}"), siloPort);
        using var client = new HttpClient { BaseAddress = silo2.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await WaitUntilReadyAsync(process, silo2, client);
        }
        catch (TimeoutException e)
        {
            // A silo that never got ready (a machine too busy, say) must not outlive the test that started it.
            await silo2.DisposeAsync();
            throw new TimeoutException($"{e.Message}\nthe silo's log ends:\n{silo2.LogTail()}", e);
        }
        catch
        {
            await silo2.DisposeAsync();
            throw;
        }

        return silo2;
    }

    private static Task WaitUntilReadyAsync(Process process, SiloProcess silo2, HttpClient client) =>
        Eventually.Get(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the silo exited with {process.ExitCode}: {silo2.LogTail()}");
                }

                try
                {
                    return (await client.GetAsync("/health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
                catch (TaskCanceledException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            },
            status => status == HttpStatusCode.OK,
            // Generous: on two cores shared by the whole suite, a silo joining a cluster under load has taken over a minute.
            timeout: TimeSpan.FromSeconds(120),
            what: "silo process ready");

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the process stands still (as a silo in a long pause), its sockets open; <see cref="ResumeAsync"/> continues it.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: a paused process runs on.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>SIGTERM: the host shuts down gracefully (snapshots written, the silo leaves its cluster).</summary>
    public async Task StopAsync()
    {
        await SignalAsync("-TERM");
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join(Environment.NewLine, reader.ReadToEnd().Split(Environment.NewLine).TakeLast(lines));
        }
        catch (IOException ex)
        {
            return $"(no log: {ex.Message})";
        }
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

    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>What the storage fault tests check after a fault, and the readiness watch they keep during it.</summary>
internal static partial class OutageChecks
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Stats and every customer's grain count each acknowledged event once (stats also the
    /// <paramref name="otherEvents"/> the test sent besides the load).</summary>
    public static async Task AssertAppliedOnceAsync(HttpClient api, FailoverShop shop, OutageLoad load, int otherEvents = 0)
    {
        await ClusterChecks.AssertStatsCountAsync(api.BaseAddress!, load.Acknowledged + otherEvents);
        for (var i = 0; i < shop.Customers; i++)
        {
            var expected = FailoverShop.ExpectedAfter(load.AcknowledgedOf(i)).EventsApplied;
            var customer = await Eventually.Get(
                async () => (await (await api.GetAsync($"/api/v1/customers/{shop.CustomerId(i)}", Ct)).Json()).GetProperty("eventsApplied").GetInt32(),
                applied => applied >= expected,
                what: $"{shop.CustomerId(i)} counts its {expected} events");
            Assert.Equal(expected, customer);
        }
    }

    /// <summary>Asks <c>/health/ready</c> every 100 ms until <paramref name="stop"/>, recording when and what it answered.</summary>
    public static async Task WatchReadinessAsync(Uri silo, Stopwatch clock, ConcurrentQueue<(TimeSpan, HttpStatusCode)> seen, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(5) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready", CancellationToken.None);
                seen.Enqueue((clock.Elapsed, response.StatusCode));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                seen.Enqueue((clock.Elapsed, HttpStatusCode.RequestTimeout));
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Stats count each acknowledged event once, and every customer's state and timeline hold each of its acknowledged events once.</summary>
    public static async Task AssertEachEventOnceAsync(Uri silo, FailoverShop shop, OutageLoad load)
    {
        using var api = ClusterChecks.Api(silo);
        await Eventually.Get(
            async () => (await (await api.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
            applied => applied == load.Acknowledged,
            timeout: TimeSpan.FromSeconds(60),
            what: $"stats count the {load.Acknowledged} events acknowledged");
        await ClusterChecks.VerifyAsync([silo], shop, load.AcknowledgedOf);
    }

    /// <summary>The category and first frame of each stack trace logged by the service or ASP.NET Core (not by Orleans).</summary>
    public static string TracedLines(string log)
    {
        var traced = new List<string>();
        string? category = null;
        foreach (var line in log.Split('\n'))
        {
            if (ConsoleEntry().Match(line) is { Success: true } entry)
            {
                category = entry.Groups["category"].Value;
            }
            else if (StackFrame().IsMatch(line) && category is not null && !category.StartsWith("Orleans.", StringComparison.Ordinal))
            {
                traced.Add($"{category}: {line.Trim()}");
                category = null;
            }
        }

        return string.Join("\n", traced.Take(20));
    }

    /// <summary>The first line of a console log entry ("warn: Category[42]").</summary>
    [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): (?<category>[\w.`+]+)\[")]
    private static partial Regex ConsoleEntry();

    /// <summary>A .NET stack frame line ("   at Namespace.Type.Method(").</summary>
    [GeneratedRegex(@"^\s+at [\w.`<>\[\],]+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}

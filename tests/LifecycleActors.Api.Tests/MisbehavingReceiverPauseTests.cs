using System.Diagnostics;
using System.Globalization;
using System.Net;
using LifecycleActors.Abstractions;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// An administrator pauses a campaign whose receiver never answers, in the middle of its pass over the due entries
/// (<see cref="CampaignHost"/>: 1 s attempt timeout): the pause answers at once and no further attempt starts.
/// </summary>
public sealed class MisbehavingReceiverPauseTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    /// <summary>Due entries at once: a pass over them takes at least this many attempt timeouts.</summary>
    private const int Entries = 10;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_campaign_whose_receiver_hangs_is_paused_at_once_and_starts_no_further_attempt()
    {
        await using var receiver = MisbehavingReceiver.Start(Misbehaviour.NeverAnswers);
        await host.CreateCampaignAsync(new
        {
            id = "hangs",
            name = "hangs",
            trigger = new { kind = "stage", to = "one_time" },
            action = new { type = "webhook", url = receiver.Url.ToString(), secret = WebhookReceiver.Secret, templateId = "tpl-hangs" },
        });
        using var client = host.Client();
        var events = Enumerable.Range(0, Entries)
            .Select(i => Body.Order($"hang-e{i}", $"hang-{i}", $"hang-o{i}", 25m, DateTimeOffset.UtcNow.AddMinutes(-1)))
            .ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/events", Body.Of(events), Ct)).StatusCode);

        // The pass over the due entries is under way: its second attempt hangs.
        await receiver.WaitForRequestsAsync(2, Deadline);
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
        var started = Stopwatch.GetTimestamp();
        var paused = await carol.PostAsync("/api/v1/campaigns/hangs/pause", null, Ct);
        var took = Stopwatch.GetElapsedTime(started);
        var attemptsAtPause = receiver.Requests.Count;

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True(took < TimeSpan.FromSeconds(3), $"the pause took {took.TotalMilliseconds:F0} ms");

        // The pass ends after the attempt in flight (a call that waits for it, as it is not interleaved); the
        // paused campaign then has nothing to do and no further attempt has started.
        var handled = await host.App.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<ICampaignGrain>(CampaignKey.Of("shop-a", "hangs")).RunDueAsync();
        Assert.Equal(0, handled);
        Assert.InRange(receiver.Requests.Count, attemptsAtPause, attemptsAtPause + 1);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pause during a pass over {Entries} hanging sends answered in {took.TotalMilliseconds:F0} ms; attempts {attemptsAtPause} at the pause, {receiver.Requests.Count} in all"));
    }
}

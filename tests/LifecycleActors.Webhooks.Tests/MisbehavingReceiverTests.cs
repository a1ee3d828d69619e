using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using LifecycleActors.Tests.Support;
using LifecycleActors.Webhooks;

namespace LifecycleActors.Webhooks.Tests;

/// <summary>
/// The webhook sender against receivers that misbehave on real loopback sockets: no answer, a trickle, a 200 after
/// 30 s, a redirect to a private address. Each attempt ends within the attempt timeout, the send is retried as the
/// schedule says and dead-lettered after the last attempt, and a healthy receiver on the same client is served
/// meanwhile. The schedule's delays are computed, not waited for (the schedule is pure); attempts run in real time.
/// </summary>
public sealed class MisbehavingReceiverTests : IDisposable
{
    /// <summary>
    /// The attempt timeout of these tests: short, so three attempts take about 3 s, and long enough that a loaded
    /// machine still connects and reads a status line sent at once within it.
    /// </summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>How much later than the timeout an attempt may end on a busy 2-core machine.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>What "at once" means for an answer the sender must not wait on (a 2xx's body, a redirect), under a long timeout.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(3);

    private static readonly RetrySchedule Schedule = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(30) };

    private readonly HttpClient _client = WebhookHttpClient.Create();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _client.Dispose();

    [Theory]
    [InlineData(Misbehaviour.NeverAnswers)]
    [InlineData(Misbehaviour.TricklesHeaders)]
    [InlineData(Misbehaviour.TricklesBody)]
    [InlineData(Misbehaviour.AnswersLate)]
    public async Task Each_attempt_ends_at_the_timeout_and_the_send_is_dead_lettered_after_the_last_attempt(Misbehaviour kind)
    {
        await using var receiver = MisbehavingReceiver.Start(kind);
        var message = Message(receiver.Url, $"hang:{kind}:1");

        var send = await SendUntilDoneAsync(message);

        Assert.Equal(Schedule.MaxAttempts, send.Attempts.Count);
        Assert.All(send.Attempts, attempt =>
        {
            Assert.Equal(SendOutcome.Retry, attempt.Outcome);
            Assert.InRange(attempt.Elapsed, Timeout - TimeSpan.FromMilliseconds(50), Timeout + Slack);
            if (kind == Misbehaviour.TricklesBody)
            {
                // The status came at once; reading the body for the error text stopped at the timeout.
                Assert.Equal(503, attempt.StatusCode);
                Assert.StartsWith("HTTP 503 Service Unavailable", attempt.Error, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(attempt.StatusCode);
                Assert.StartsWith("timed out after ", attempt.Error, StringComparison.Ordinal);
            }
        });
        Assert.Null(Schedule.NextDelay(send.Attempts.Count, new Random(1), send.Attempts[^1].RetryAfter));
        await receiver.WaitForRequestsAsync(Schedule.MaxAttempts, Patience);
        Assert.All(receiver.Requests, request => Assert.Equal(message.IdempotencyKey, request.IdempotencyKey));
        Assert.Equal(Schedule.MaxAttempts, receiver.Connections);
        if (kind != Misbehaviour.AnswersLate)
        {
            // The sender closed every connection it gave up on; none is left for the receiver to hold.
            await receiver.WaitForClosedAsync(Schedule.MaxAttempts, Patience);
        }

        Report(kind.ToString(), send);
    }

    [Fact]
    public async Task A_200_whose_body_trickles_is_sent_without_waiting_for_the_body()
    {
        await using var receiver = MisbehavingReceiver.Start(Misbehaviour.TricklesBody, status: 200);

        var attempt = await Sender(Patience).SendAsync(Message(receiver.Url, "trickle-200:1"), Cancellation);

        Assert.Equal(SendOutcome.Sent, attempt.Outcome);
        Assert.Equal(200, attempt.StatusCode);
        Assert.True(attempt.Elapsed < AtOnce, $"took {attempt.Elapsed}");

        // The body is never read: the client drops the connection instead of draining a trickle.
        await receiver.WaitForClosedAsync(1, Patience);
        Assert.InRange(receiver.BytesTrickled, 1, 1_000);
    }

    [Theory]
    [InlineData(302, "trap")]
    [InlineData(307, "http://169.254.169.254/latest/meta-data/")]
    [InlineData(308, "http://10.0.0.1/hooks")]
    [InlineData(301, "http://[::1]/hooks")]
    [InlineData(303, "http://localhost/hooks")]
    public async Task A_redirect_to_a_private_address_is_not_followed_and_is_dead_lettered_at_once(int status, string location)
    {
        // The trap listens on another loopback address, which the tests' client (private networks allowed, as in
        // every test) could reach: the redirect is refused because redirects are never followed, not by luck.
        await using var trap = MisbehavingReceiver.Start(Misbehaviour.NeverAnswers, IPAddress.Parse("127.0.0.2"));
        var target = location == "trap" ? trap.Url : new Uri(location);
        await using var receiver = MisbehavingReceiver.Start(Misbehaviour.Redirects, status: status, location: target);

        var send = await SendUntilDoneAsync(Message(receiver.Url, $"redirect:{status}:1"), Patience);

        var attempt = Assert.Single(send.Attempts);
        Assert.Equal(SendOutcome.Reject, attempt.Outcome);
        Assert.Equal(status, attempt.StatusCode);
        Assert.EndsWith("redirects are not followed; set the final address as action.url", attempt.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(target.Host, attempt.Error, StringComparison.Ordinal);
        Assert.True(attempt.Elapsed < AtOnce, $"took {attempt.Elapsed}");
        Assert.Single(receiver.Requests);
        Assert.Equal(0, trap.Connections);
        Assert.NotNull(new WebhookUrlPolicy { AllowPrivateNetworks = false }.Validate(target.AbsoluteUri, out _));
        Report($"Redirects {status}", send);
    }

    [Fact]
    public async Task A_healthy_receiver_on_the_same_client_is_served_on_time_while_every_misbehaving_one_hangs()
    {
        await using var healthy = await WebhookReceiver.StartAsync();
        MisbehavingReceiver[] bad =
        [
            MisbehavingReceiver.Start(Misbehaviour.NeverAnswers),
            MisbehavingReceiver.Start(Misbehaviour.TricklesHeaders),
            MisbehavingReceiver.Start(Misbehaviour.TricklesBody),
            MisbehavingReceiver.Start(Misbehaviour.AnswersLate),
        ];
        try
        {
            // Four sends in flight to each bad receiver, with a longer timeout so that they all hang throughout.
            var hanging = new WebhookSender(_client, new WebhookSenderOptions { AttemptTimeout = TimeSpan.FromSeconds(20) });
            var stuck = bad.SelectMany(r => Enumerable.Range(0, 4).Select(i => hanging.SendAsync(Message(r.Url, $"stuck:{r.Kind}:{i}"), Cancellation))).ToList();
            foreach (var receiver in bad)
            {
                await receiver.WaitForRequestsAsync(4, Patience);
            }

            var latencies = new List<TimeSpan>();
            for (var i = 0; i < 20; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var attempt = await Sender(Patience).SendAsync(Message(healthy.Url, $"healthy:{i}"), Cancellation);
                latencies.Add(Stopwatch.GetElapsedTime(started));
                Assert.Equal(SendOutcome.Sent, attempt.Outcome);
            }

            Assert.All(stuck, send => Assert.False(send.IsCompleted, "a bad receiver's send ended before the healthy sends were done"));
            Assert.Equal(20, healthy.Accepted.Count);
            // Far below the 20 s the bad sends hang; the first healthy send also opens its connection.
            Assert.True(latencies.Max() < TimeSpan.FromSeconds(3), $"slowest healthy send {latencies.Max().TotalMilliseconds:F0} ms");
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"healthy receiver while 16 sends hang: 20 sends, median {Median(latencies):F1} ms, max {latencies.Max().TotalMilliseconds:F1} ms"));
        }
        finally
        {
            foreach (var receiver in bad)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    private WebhookSender Sender(TimeSpan? timeout = null) => new(_client, new WebhookSenderOptions { AttemptTimeout = timeout ?? Timeout });

    private static WebhookMessage Message(Uri url, string idempotencyKey) => new(
        url,
        WebhookReceiver.Secret,
        Encoding.UTF8.GetBytes($$"""{"campaignId":"win-back","customerId":"{{idempotencyKey}}"}"""),
        idempotencyKey);

    /// <summary>
    /// What the campaign grain does: attempt, and on Retry wait as the schedule says, until sent, rejected or out of
    /// attempts. The waits are added up on a virtual clock instead of slept.
    /// </summary>
    private async Task<Send> SendUntilDoneAsync(WebhookMessage message, TimeSpan? timeout = null)
    {
        var sender = Sender(timeout);
        var random = new Random(5);
        var attempts = new List<SendAttempt>();
        var waited = TimeSpan.Zero;
        while (true)
        {
            var attempt = await sender.SendAsync(message, Cancellation);
            attempts.Add(attempt);
            if (attempt.Outcome != SendOutcome.Retry || Schedule.NextDelay(attempts.Count, random, attempt.RetryAfter) is not { } delay)
            {
                return new Send(attempts, waited);
            }

            waited += delay;
        }
    }

    private static double Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2).TotalMilliseconds;

    private static void Report(string kind, Send send) => TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{kind}: {send.Attempts.Count} attempts of {string.Join(", ", send.Attempts.Select(a => $"{a.Elapsed.TotalMilliseconds:F0} ms"))}; "
        + $"scheduled waits {send.Waited.TotalSeconds:F2} s; dead letter after {(send.Waited + send.Attempts.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.Elapsed)).TotalSeconds:F2} s; "
        + $"last error: {send.Attempts[^1].Error}"));

    private sealed record Send(List<SendAttempt> Attempts, TimeSpan Waited);
}

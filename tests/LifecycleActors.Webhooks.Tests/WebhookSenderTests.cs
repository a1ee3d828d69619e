using System.Globalization;
using System.Text;
using LifecycleActors.Tests.Support;
using LifecycleActors.Webhooks;

namespace LifecycleActors.Webhooks.Tests;

/// <summary>The webhook sender against a real Kestrel receiver that verifies signatures and idempotency keys.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly HttpClient _client = WebhookHttpClient.Create();
    private WebhookReceiver _receiver = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task A_2xx_answer_is_sent_and_the_receiver_verified_the_signature()
    {
        var message = Message("win-back:c-1:1");

        var attempt = await Sender().SendAsync(message, Cancellation);

        Assert.Equal(SendOutcome.Sent, attempt.Outcome);
        Assert.Equal(200, attempt.StatusCode);
        Assert.Null(attempt.Error);
        Assert.True(attempt.Elapsed > TimeSpan.Zero);
        var request = Assert.Single(_receiver.Requests);
        Assert.True(request.SignatureValid);
        Assert.Equal(WebhookSignature.Compute(WebhookReceiver.Secret, message.Body), request.Signature);
        Assert.Equal(message.Body, request.Body);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("LifecycleActors-Webhooks/1", request.UserAgent);
        Assert.Equal(["win-back:c-1:1"], _receiver.Accepted);
    }

    [Fact]
    public async Task A_receiver_answering_500_then_200_gets_exactly_one_accepted_send()
    {
        _receiver.Answer(500);

        var (attempts, last) = await SendUntilDoneAsync(Message("win-back:c-2:1"), new RetrySchedule { MaxAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(20) });

        Assert.Equal(SendOutcome.Retry, attempts[0].Outcome);
        Assert.Equal(500, attempts[0].StatusCode);
        Assert.Equal("HTTP 500 Internal Server Error: 500 from the test receiver", attempts[0].Error);
        Assert.Equal(SendOutcome.Sent, last.Outcome);
        Assert.Equal(2, attempts.Count);
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Equal(["win-back:c-2:1"], _receiver.Accepted);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_dead_lettered_after_the_configured_attempts()
    {
        _receiver.Answer(503, times: 3);

        var (attempts, last) = await SendUntilDoneAsync(Message("win-back:c-3:1"), new RetrySchedule { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(20) });

        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal(SendOutcome.Retry, attempt.Outcome));
        Assert.Equal(503, last.StatusCode);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Empty(_receiver.Accepted);
    }

    [Fact]
    public async Task A_slow_receiver_is_a_timeout_to_retry_and_the_retry_with_the_same_key_is_not_accepted_twice()
    {
        _receiver.Delay(TimeSpan.FromSeconds(2));
        var message = Message("win-back:c-4:1");

        var timedOut = await Sender(TimeSpan.FromMilliseconds(300)).SendAsync(message, Cancellation);

        Assert.Equal(SendOutcome.Retry, timedOut.Outcome);
        Assert.Null(timedOut.StatusCode);
        Assert.StartsWith("timed out after ", timedOut.Error, StringComparison.Ordinal);
        Assert.InRange(timedOut.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1.9));

        // The slow endpoint finishes its work after the sender gave up; the retry is then a duplicate.
        await _receiver.WaitForAcceptedAsync(1, Patience);
        var retried = await Sender().SendAsync(message, Cancellation);

        Assert.Equal(SendOutcome.Sent, retried.Outcome);
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Equal(["win-back:c-4:1"], _receiver.Accepted);
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_is_accepted_once()
    {
        var sender = Sender();

        var first = await sender.SendAsync(Message("win-back:c-5:1"), Cancellation);
        var again = await sender.SendAsync(Message("win-back:c-5:1"), Cancellation);
        var other = await sender.SendAsync(Message("win-back:c-5:2"), Cancellation);

        Assert.All([first, again, other], attempt => Assert.Equal(SendOutcome.Sent, attempt.Outcome));
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Equal(["win-back:c-5:1", "win-back:c-5:2"], _receiver.Accepted);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(422)]
    public async Task A_client_error_is_rejected_because_retrying_cannot_help(int status)
    {
        _receiver.Answer(status);

        var (attempts, last) = await SendUntilDoneAsync(Message("win-back:c-6:1"), new RetrySchedule { BaseDelay = TimeSpan.FromMilliseconds(20) });

        Assert.Single(attempts);
        Assert.Equal(SendOutcome.Reject, last.Outcome);
        Assert.Equal(status, last.StatusCode);
        Assert.StartsWith($"HTTP {status} ", last.Error, StringComparison.Ordinal);
        Assert.Empty(_receiver.Accepted);
    }

    [Fact]
    public async Task A_body_too_slow_to_read_does_not_change_the_outcome_of_a_status()
    {
        _receiver.Answer(404, stallBody: TimeSpan.FromSeconds(2));

        var attempt = await Sender(TimeSpan.FromMilliseconds(500)).SendAsync(Message("win-back:c-16:1"), Cancellation);

        Assert.Equal(SendOutcome.Reject, attempt.Outcome);
        Assert.Equal(404, attempt.StatusCode);
        Assert.Equal("HTTP 404 Not Found", attempt.Error);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Timeouts_throttling_and_server_errors_are_retried(int status)
    {
        _receiver.Answer(status);

        var attempt = await Sender().SendAsync(Message("win-back:c-7:1"), Cancellation);

        Assert.Equal(SendOutcome.Retry, attempt.Outcome);
        Assert.Equal(status, attempt.StatusCode);
        Assert.Null(attempt.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured_by_the_schedule()
    {
        _receiver.Answer(503, retryAfter: "7");

        var attempt = await Sender().SendAsync(Message("win-back:c-8:1"), Cancellation);

        Assert.Equal(SendOutcome.Retry, attempt.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), attempt.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(7), new RetrySchedule().NextDelay(1, new Random(3), attempt.RetryAfter));
    }

    [Fact]
    public async Task Retry_after_as_a_date_becomes_the_time_until_then()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(2);
        _receiver.Answer(429, retryAfter: at.ToString("R", CultureInfo.InvariantCulture));

        var attempt = await Sender().SendAsync(Message("win-back:c-9:1"), Cancellation);

        Assert.Equal(SendOutcome.Retry, attempt.Outcome);
        Assert.InRange(attempt.RetryAfter!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_receiver_and_rejected()
    {
        var message = new WebhookMessage(_receiver.Url, "not-the-shared-secret", Body("c-10"), "win-back:c-10:1");

        var attempt = await Sender().SendAsync(message, Cancellation);

        Assert.Equal(SendOutcome.Reject, attempt.Outcome);
        Assert.Equal(401, attempt.StatusCode);
        Assert.DoesNotContain("not-the-shared-secret", attempt.Error, StringComparison.Ordinal);
        Assert.Equal(1, _receiver.Rejected);
        Assert.False(Assert.Single(_receiver.Requests).SignatureValid);
        Assert.Empty(_receiver.Accepted);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        _receiver.Answer(307);

        var attempt = await Sender().SendAsync(Message("win-back:c-11:1"), Cancellation);

        Assert.Equal(SendOutcome.Reject, attempt.Outcome);
        Assert.Equal(307, attempt.StatusCode);
        Assert.Contains("redirects are not followed", attempt.Error, StringComparison.Ordinal);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task An_attempt_through_a_client_that_follows_redirects_is_rejected()
    {
        using var following = new HttpClient();
        _receiver.Answer(307, location: new Uri(_receiver.Url, "/elsewhere"));

        var attempt = await new WebhookSender(following).SendAsync(Message("win-back:c-15:1"), Cancellation);

        Assert.Equal(SendOutcome.Reject, attempt.Outcome);
        Assert.StartsWith("the HTTP client followed a redirect", attempt.Error, StringComparison.Ordinal);
        Assert.Equal(2, _receiver.Requests.Count);
    }

    [Fact]
    public async Task Nobody_listening_is_a_connection_error_to_retry()
    {
        var closed = new UriBuilder(_receiver.Url) { Port = FreePort.Next() }.Uri;

        var attempt = await Sender().SendAsync(new WebhookMessage(closed, WebhookReceiver.Secret, Body("c-12"), "win-back:c-12:1"), Cancellation);

        Assert.Equal(SendOutcome.Retry, attempt.Outcome);
        Assert.Null(attempt.StatusCode);
        Assert.StartsWith("the connection failed", attempt.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_for_public_networks_only_refuses_loopback_before_connecting()
    {
        using var publicOnly = WebhookHttpClient.Create(allowPrivateNetworks: false);

        var attempt = await new WebhookSender(publicOnly).SendAsync(Message("win-back:c-13:1"), Cancellation);

        Assert.Equal(SendOutcome.Reject, attempt.Outcome);
        Assert.Equal("action.url: the host resolves only to loopback or private network addresses", attempt.Error);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_attempt_with_an_exception_not_an_outcome()
    {
        _receiver.Delay(TimeSpan.FromSeconds(2));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var sending = Sender().SendAsync(Message("win-back:c-14:1"), stop.Token);
        await _receiver.WaitForRequestsAsync(1, Patience);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    private WebhookSender Sender(TimeSpan? attemptTimeout = null) =>
        new(_client, new WebhookSenderOptions { AttemptTimeout = attemptTimeout ?? Patience });

    private WebhookMessage Message(string idempotencyKey) =>
        new(_receiver.Url, WebhookReceiver.Secret, Body(idempotencyKey), idempotencyKey);

    private static byte[] Body(string customer) => Encoding.UTF8.GetBytes(
        $$"""{"campaignId":"win-back","customerId":"{{customer}}","transition":{"to":"lapsed"},"templateId":"t-7"}""");

    /// <summary>What the campaign grain will do: attempt, and on Retry wait as the schedule says, until done or dead-lettered.</summary>
    private async Task<(List<SendAttempt> Attempts, SendAttempt Last)> SendUntilDoneAsync(WebhookMessage message, RetrySchedule schedule)
    {
        var sender = Sender();
        var random = new Random(5);
        var attempts = new List<SendAttempt>();
        while (true)
        {
            var attempt = await sender.SendAsync(message, Cancellation);
            attempts.Add(attempt);
            if (attempt.Outcome != SendOutcome.Retry || schedule.NextDelay(attempts.Count, random, attempt.RetryAfter) is not { } delay)
            {
                return (attempts, attempt);
            }

            await Task.Delay(delay, Cancellation);
        }
    }
}

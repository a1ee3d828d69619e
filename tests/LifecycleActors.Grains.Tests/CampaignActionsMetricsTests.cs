using System.Net;
using LifecycleActors.Campaigns;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Storage.Campaigns;
using LifecycleActors.Telemetry;
using LifecycleActors.Tests.Support;
using LifecycleActors.Webhooks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LifecycleActors.Grains.Tests;

/// <summary>
/// Each webhook attempt is measured by what it was, and each action counted by what became of its entry: delivered,
/// retrying (also a retry), dead-lettered after the last attempt (also a dead letter) or rejected; a task by itself.
/// </summary>
public sealed class CampaignActionsMetricsTests : IDisposable
{
    private const string Tenant = "shop";

    private static readonly CampaignDefinition Webhook = new(
        "follow-up", "Follow-up", new("stage", "one_time"), CampaignFilters.None, TimeSpan.Zero,
        new(CampaignAction.Webhook, new Uri("https://hooks.example.com/x"), "0123456789abcdef", "t", null),
        null, null, 0, 14, 14, ExitOnOrder: false);

    private readonly TestMeters _meters = new();
    private readonly MetricCollector<long> _sends;
    private readonly MetricCollector<long> _retries;
    private readonly MetricCollector<long> _deadLetters;
    private readonly MetricCollector<double> _attempts;

    public CampaignActionsMetricsTests()
    {
        _sends = new(_meters, CampaignMetrics.MeterName, "lifecycle.campaign.sends");
        _retries = new(_meters, CampaignMetrics.MeterName, "lifecycle.campaign.webhook.retries");
        _deadLetters = new(_meters, CampaignMetrics.MeterName, "lifecycle.campaign.dead_letters");
        _attempts = new(_meters, CampaignMetrics.MeterName, "lifecycle.campaign.webhook.duration");
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, 0, "delivered", "delivered", 0, 0)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 0, "retryable_failure", "retrying", 1, 0)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 1, "retryable_failure", "dead_lettered", 0, 1)]
    [InlineData(HttpStatusCode.BadRequest, 0, "rejected", "rejected", 0, 0)]
    public async Task A_webhook_attempt_and_its_action_are_counted_by_outcome(
        HttpStatusCode answer, int attemptsBefore, string attempt, string send, int retries, int deadLetters)
    {
        var actions = Actions(answer, maxAttempts: 2);

        await actions.ActAsync(Tenant, Webhook, Entry(attemptsBefore), DateTimeOffset.UtcNow, default);

        var measured = Assert.Single(_attempts.GetMeasurementSnapshot());
        Assert.Equal((attempt, Webhook.Id, Tenant), (Tag(measured, TelemetryTags.Outcome), Tag(measured, TelemetryTags.Campaign), Tag(measured, TelemetryTags.Tenant)));
        Assert.InRange(measured.Value, 0, 60);
        var sent = Assert.Single(_sends.GetMeasurementSnapshot());
        Assert.Equal((send, 1L), (Tag(sent, TelemetryTags.Outcome), sent.Value));
        Assert.Equal(retries, _retries.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(deadLetters, _deadLetters.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task A_task_is_counted_as_created_without_a_webhook_attempt()
    {
        var actions = Actions(HttpStatusCode.OK, maxAttempts: 2);

        await actions.ActAsync(Tenant, Webhook with { Action = new(CampaignAction.Task, null, null, null, "Call") }, Entry(0), DateTimeOffset.UtcNow, default);

        Assert.Equal("task_created", Tag(Assert.Single(_sends.GetMeasurementSnapshot()), TelemetryTags.Outcome));
        Assert.Empty(_attempts.GetMeasurementSnapshot());
    }

    public void Dispose()
    {
        _sends.Dispose();
        _retries.Dispose();
        _deadLetters.Dispose();
        _attempts.Dispose();
        _meters.Dispose();
    }

    private CampaignActions Actions(HttpStatusCode answer, int maxAttempts) =>
        new(
            Inert.Of<ICampaignStore>(),
            new WebhookSender(new HttpClient(new Answering(answer))),
            new RetrySchedule { MaxAttempts = maxAttempts },
            new NoLiveUpdates(),
            TimeProvider.System,
            new CampaignMetrics(_meters));

    private static CampaignEntryRow Entry(int attempts) =>
        new("c-1", 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, EntryStatuses.Pending, null, attempts, null, """{"kind":"stage","to":"one_time"}""");

    private static string? Tag<T>(CollectedMeasurement<T> measurement, string name)
        where T : struct => measurement.Tags.TryGetValue(name, out var value) ? value?.ToString() : null;

    /// <summary>A receiver that answers every request with one status.</summary>
    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("") });
    }
}

using System.Diagnostics;
using System.Net;
using LifecycleActors.Telemetry;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// One trace along the event path, as an in-memory exporter sees it: the HTTP request, the log append, the stream
/// hop to the customer's ingest partition, apply and transition, and the push to the agents' screens; the campaign's webhook,
/// sent later by the campaign's timer, in a span of its own linked to the transition.
/// </summary>
public sealed class TracingTests(TracedHost host) : IClassFixture<TracedHost>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_first_order_is_one_trace_from_the_request_to_the_transition_and_its_webhook_links_to_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.CreateCampaignAsync(new
        {
            id = "traced",
            name = "traced",
            trigger = new { kind = "stage", to = "one_time" },
            action = new { type = "webhook", url = receiver.Url.ToString(), secret = WebhookReceiver.Secret, templateId = "tpl-traced" },
        });

        // The caller's own span: ASP.NET continues its trace, which tells this test's trace from the process's others.
        var traceId = await PostInCallerSpanAsync(Body.Order("tr-e1", "tr-1", "tr-o1", 25m, DateTimeOffset.UtcNow.AddMinutes(-1)));
        await receiver.WaitForAcceptedAsync(1, Deadline);
        var spans = await Eventually.Get(
            () => Task.FromResult(host.Spans),
            s => s.Any(a => a.OperationName == SpanNames.CampaignSend && a.Links.Any(l => l.Context.TraceId == traceId))
                && s.Any(a => a.TraceId == traceId && a.OperationName == SpanNames.LivePush),
            timeout: Deadline,
            what: "the trace's spans exported");
        var trace = spans.Where(a => a.TraceId == traceId).ToDictionary(a => a.SpanId);

        var server = Assert.Single(trace.Values, a => a.Kind == ActivityKind.Server && a.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal("/api/v1/events", server.GetTagItem("url.path"));
        Assert.Equal(server.SpanId, Assert.Single(trace.Values, a => a.OperationName == SpanNames.Append).ParentSpanId);
        var publish = Assert.Single(trace.Values, a => a.OperationName == SpanNames.Publish);
        Assert.Equal(server.SpanId, publish.ParentSpanId);
        Assert.Equal(publish.SpanId, Assert.Single(trace.Values, a => a.OperationName == SpanNames.Deliver).ParentSpanId);

        // Upwards from the transition: apply, the stream's delivery to the partition holding the customer, the publish,
        // the request; the customer is applied in the partition's turn, with no grain call of its own (ADR 0019).
        var transition = Assert.Single(trace.Values, a => a.OperationName == SpanNames.Transition);
        Assert.Equal("shop-a", transition.GetTagItem(TelemetryTags.Tenant));
        Assert.Equal("stage", transition.GetTagItem(TelemetryTags.TransitionKind));
        var ancestors = Ancestors(transition, trace).Select(a => a.DisplayName).ToList();
        Assert.Equal(SpanNames.Apply, ancestors[0]);
        AssertInOrder(ancestors, SpanNames.Deliver, SpanNames.Publish, server.DisplayName);
        Assert.DoesNotContain(ancestors, name => name.StartsWith("ICustomerGrain/", StringComparison.Ordinal));

        // The push to this host's screens runs in the customer's turn, inside the transition.
        Assert.Equal(transition.SpanId, Assert.Single(trace.Values, a => a.OperationName == SpanNames.LivePush).ParentSpanId);

        // The webhook goes out later, from the campaign's timer: its own span, linked to the transition, and the
        // webhook leaves untraced: the receiver gets no trace context of the service.
        var send = Assert.Single(spans, a => a.OperationName == SpanNames.CampaignSend && a.Links.Any(l => l.Context.TraceId == traceId));
        Assert.Equal(transition.Context.SpanId, Assert.Single(send.Links).Context.SpanId);
        Assert.Equal("traced", send.GetTagItem(TelemetryTags.Campaign));
        Assert.Equal("sent", send.GetTagItem(TelemetryTags.Outcome));
        Assert.DoesNotContain(spans, a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == send.SpanId);
        Assert.All(receiver.Requests, r => Assert.Null(r.TraceParent));

        // No customer id in any span name or attribute of the service's or Orleans' spans.
        Assert.DoesNotContain(
            spans.Where(a => a.Source.Name != "Microsoft.AspNetCore" && a.Source.Name != "System.Net.Http"),
            a => a.DisplayName.Contains("tr-1", StringComparison.Ordinal)
                || a.TagObjects.Any(t => t.Value?.ToString()?.Contains("tr-1", StringComparison.Ordinal) == true));
    }

    /// <summary>Posts the events from inside a span of the caller's; answers the span's trace id.</summary>
    private async Task<ActivityTraceId> PostInCallerSpanAsync(params object[] events)
    {
        using var caller = new Activity("test caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        using var client = host.Client();
        var response = await client.PostAsync("/api/v1/events", Body.Of(events), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(response.Headers.Contains("traceparent"), "the trace id is not sent back");
        return caller.TraceId;
    }

    /// <summary>The span's parent, its parent, and so on, within the trace.</summary>
    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyDictionary<ActivitySpanId, Activity> trace)
    {
        for (var at = span; trace.TryGetValue(at.ParentSpanId, out var parent); at = parent)
        {
            yield return parent;
        }
    }

    private static void AssertInOrder(IReadOnlyList<string> names, params string[] expected)
    {
        var from = 0;
        foreach (var name in expected)
        {
            var at = names.Skip(from).ToList().IndexOf(name);
            Assert.True(at >= 0, $"'{name}' not found after position {from} in [{string.Join(" <- ", names)}]");
            from += at + 1;
        }
    }
}

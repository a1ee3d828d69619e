using System.Collections.Concurrent;
using LifecycleActors.Connectors;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Storage.Connectors;
using LifecycleActors.Storage.Erasure;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Silo.Connectors;

/// <summary>
/// One webhook to a connector: the platform's signature, then its mapping, then the mapped events through the same
/// validation and the same durable append as <c>POST /api/v1/events</c> (so duplicates by event id and order id hold
/// exactly as there). Refunds that name only their order (Shopify) take the order's customer; one whose order has not
/// arrived yet is parked and released, in the order's own webhook, once the order is durable. Every webhook is
/// counted on its connector; refused ones are kept among its last errors (topic, field, message; never the payload).
/// </summary>
public sealed class ShopWebhookIntake(IConnectorStore store, IErasureStore erasures, EventIngestion ingestion, ConnectorMetrics metrics, TimeProvider time)
{
    /// <summary>The platform topic that asks for a customer's erasure (Shopify's mandatory privacy webhook).</summary>
    public const string RedactTopic = "customers/redact";

    private readonly ConcurrentDictionary<string, byte[]> _salts = new(StringComparer.Ordinal);

    public async Task<IntakeResult> ReceiveAsync(Connector connector, InboundWebhook webhook, long receivedAt, CancellationToken cancellationToken)
    {
        var handler = ShopWebhooks.For(connector.Platform);
        var result = await DecideAsync(connector, handler, webhook, receivedAt, cancellationToken);
        await store.RecordAsync(Outcome(connector, result), cancellationToken);
        metrics.Received(connector.Tenant, connector.Platform.Name(), result.Outcome switch
        {
            IntakeOutcome.Ping => "ping",
            IntakeOutcome.Unauthorized => "unauthorized",
            IntakeOutcome.Ignored => "ignored",
            IntakeOutcome.Privacy => "privacy",
            IntakeOutcome.Unmappable => "unmappable",
            _ => "ingested",
        });
        return result;
    }

    private async Task<IntakeResult> DecideAsync(
        Connector connector, IShopWebhooks handler, InboundWebhook webhook, long receivedAt, CancellationToken cancellationToken)
    {
        if (handler.IsPing(webhook))
        {
            return new IntakeResult(IntakeOutcome.Ping, "");
        }

        var signature = handler.Verify(webhook, connector.Secret, time.GetUtcNow());
        if (signature != SignatureCheck.Valid)
        {
            return new IntakeResult(IntakeOutcome.Unauthorized, "") { Signature = signature };
        }

        var keying = new CustomerKeying(connector.CustomerKey, await SaltAsync(connector.Tenant, cancellationToken));
        var mapped = handler.Map(webhook, keying);
        switch (mapped.Kind)
        {
            case MappingKind.Ignored:
                return new IntakeResult(IntakeOutcome.Ignored, mapped.Topic) { Reason = mapped.Reason };
            case MappingKind.Unmappable:
                return new IntakeResult(IntakeOutcome.Unmappable, mapped.Topic) { Field = mapped.Field, Error = mapped.Error };
            case MappingKind.Privacy:
                var request = mapped.Privacy!;
                await store.RecordPrivacyRequestAsync(
                    new PrivacyRequestRow(connector.Tenant, connector.Id, request.Topic, request.CustomerId, request.EmailCustomerId, request.RequestId,
                        System.Text.Json.JsonSerializer.Serialize(request.OrderIds), time.GetUtcNow()),
                    cancellationToken);

                // A platform's redaction request erases the customer as DELETE /api/v1/customers/{id} does (ADR 0016).
                if (request.Topic == RedactTopic)
                {
                    foreach (var id in new[] { request.CustomerId, request.EmailCustomerId }.OfType<string>().Distinct(StringComparer.Ordinal))
                    {
                        await erasures.RequestAsync(connector.Tenant, id, $"connector:{connector.Id}", time.GetUtcNow(), cancellationToken);
                    }
                }

                return new IntakeResult(IntakeOutcome.Privacy, mapped.Topic);
            default:
                return await IngestAsync(connector, mapped.Topic, mapped.Events, receivedAt, cancellationToken);
        }
    }

    private async Task<IntakeResult> IngestAsync(
        Connector connector, string topic, IReadOnlyList<ConnectorEvent> events, long receivedAt, CancellationToken cancellationToken)
    {
        var platform = connector.Platform.Name();
        var orderless = events.Where(e => e.CustomerId is null).ToList();
        var known = orderless.Count == 0
            ? new Dictionary<string, string>()
            : await store.OrderCustomersAsync(connector.Tenant, platform, [.. orderless.Select(e => e.OrderId!).Distinct()], cancellationToken);
        var ready = events.Where(e => e.CustomerId is not null)
            .Concat(orderless.Where(e => known.ContainsKey(e.OrderId!)).Select(e => e with { CustomerId = known[e.OrderId!] }))
            .ToList();
        var waiting = orderless.Where(e => !known.ContainsKey(e.OrderId!)).ToList();

        var appended = await AppendAsync(connector, ready, receivedAt, cancellationToken);
        var released = connector.Platform == ShopPlatform.Shopify
            ? await ReleaseParkedAsync(connector, appended.Orders, receivedAt, cancellationToken)
            : Appended.None;
        var parked = 0;
        if (waiting.Count > 0)
        {
            var now = time.GetUtcNow();
            await store.ParkAsync([.. waiting.Select(e => new ParkedEvent(connector.Tenant, platform, e.OrderId!, e.Id, ConnectorEvents.ToJson(e), now))], cancellationToken);
            parked = waiting.Count;
            // The order may have become durable, in a webhook running beside this one, since it was looked up.
            var arrived = await store.OrderCustomersAsync(connector.Tenant, platform, [.. waiting.Select(e => e.OrderId!).Distinct()], cancellationToken);
            if (arrived.Count > 0)
            {
                var late = await ReleaseParkedAsync(connector, arrived, receivedAt, cancellationToken);
                released = released.Plus(late);
                parked -= late.Released;
            }
        }

        var total = appended.Plus(released);
        var result = new IntakeResult(appended.Rejection is null ? IntakeOutcome.Ingested : IntakeOutcome.Unmappable, topic)
        {
            Accepted = total.Accepted,
            Duplicates = total.Duplicates,
            Parked = parked,
        };
        return appended.Rejection is { } rejection
            ? result with { Field = RejectionField(rejection.Error), Error = rejection.Error }
            : result;
    }

    /// <summary>Events with their customers, validated as the events API validates them, appended until durable.</summary>
    private async Task<Appended> AppendAsync(Connector connector, IReadOnlyList<ConnectorEvent> events, long receivedAt, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return Appended.None;
        }

        var batch = EventBatchParser.Parse(ConnectorEvents.ToBatchJson(events), time.GetUtcNow());
        var valid = batch.Events;
        var result = valid.Count == 0 ? null : await ingestion.IngestAsync(connector.Tenant, valid, cancellationToken, receivedAt);
        var orders = valid.Where(e => e.Type == EventType.OrderPlaced).GroupBy(e => e.OrderId!).ToDictionary(g => g.Key, g => g.First().CustomerId, StringComparer.Ordinal);
        if (orders.Count > 0 && connector.Platform == ShopPlatform.Shopify)
        {
            // Only Shopify's refunds name their order without its customer.
            await store.RememberOrdersAsync(connector.Tenant, connector.Platform.Name(), [.. orders.Select(o => (o.Key, o.Value))], cancellationToken);
        }

        return new Appended(result?.Accepted.Count ?? 0, result?.Duplicates ?? 0, 0, orders, batch.Rejected.FirstOrDefault());
    }

    /// <summary>Parked events of these orders, now with the orders' customers, appended and then unparked.</summary>
    private async Task<Appended> ReleaseParkedAsync(Connector connector, IReadOnlyDictionary<string, string> orders, long receivedAt, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return Appended.None;
        }

        var platform = connector.Platform.Name();
        var parked = await store.ParkedAsync(connector.Tenant, platform, [.. orders.Keys], cancellationToken);
        if (parked.Count == 0)
        {
            return Appended.None;
        }

        var events = parked.Select(p => ConnectorEvents.WithCustomer(p.EventJson, orders[p.OrderId])).ToList();
        var appended = await AppendAsync(connector, events, receivedAt, cancellationToken);
        await store.UnparkAsync(connector.Tenant, platform, [.. parked.Select(p => p.EventId)], cancellationToken);
        return appended with { Released = parked.Count };
    }

    private async Task<byte[]> SaltAsync(string tenant, CancellationToken cancellationToken)
    {
        if (!_salts.TryGetValue(tenant, out var salt))
        {
            salt = await store.TenantSaltAsync(tenant, cancellationToken);
            _salts[tenant] = salt;
        }

        return salt;
    }

    /// <summary>The JSON path a rejection names (its message starts with it, e.g. <c>data.amount: …</c>).</summary>
    private static string RejectionField(string error) => error.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? error[..colon] : "body";

    private ConnectorWebhookOutcome Outcome(Connector connector, IntakeResult result)
    {
        var outcome = new ConnectorWebhookOutcome(
            connector.Tenant, connector.Id, time.GetUtcNow(), result.Accepted, result.Duplicates,
            Ignored: result.Outcome == IntakeOutcome.Ignored,
            Rejected: result.Outcome == IntakeOutcome.Unmappable,
            Unauthorized: result.Outcome == IntakeOutcome.Unauthorized);
        return result.Outcome switch
        {
            IntakeOutcome.Unauthorized => outcome with
            {
                Error = new ConnectorError(outcome.At, result.Topic, StatusCodes.Status401Unauthorized, SignatureField(connector.Platform), SignatureMessage(result.Signature)),
            },
            IntakeOutcome.Unmappable => outcome with
            {
                Error = new ConnectorError(outcome.At, result.Topic, StatusCodes.Status422UnprocessableEntity, result.Field, result.Error ?? "not mappable"),
            },
            _ => outcome,
        };
    }

    /// <summary>The header that carries the platform's signature.</summary>
    public static string SignatureField(ShopPlatform platform) => ShopWebhooks.For(platform).SignatureHeader;

    public static string SignatureMessage(SignatureCheck check) => check switch
    {
        SignatureCheck.Missing => "the signature header is missing",
        SignatureCheck.Stale => $"the signed timestamp is more than {ShopwareWebhooks.TimestampWindow.TotalMinutes} minutes away from now",
        _ => "the signature does not match the body under the connector's secret",
    };

    private sealed record Appended(int Accepted, int Duplicates, int Released, IReadOnlyDictionary<string, string> Orders, RejectedEvent? Rejection)
    {
        public static readonly Appended None = new(0, 0, 0, new Dictionary<string, string>(), null);

        public Appended Plus(Appended other) =>
            new(Accepted + other.Accepted, Duplicates + other.Duplicates, Released + other.Released, Orders, Rejection ?? other.Rejection);
    }
}

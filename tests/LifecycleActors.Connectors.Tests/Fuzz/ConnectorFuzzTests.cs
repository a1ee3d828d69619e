using System.Text;
using CsCheck;
using LifecycleActors.Tests.Fuzz;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of the connectors (issue 22), beyond <see cref="NeverThrowsTests"/>' damaged bytes: real
/// webhooks whose JSON structure is edited (hostile values anywhere, fields dropped, doubled or wrapped) and signed again,
/// and hostile headers. Map and Verify never throw, a refusal names its field, a re-signed body verifies, and a second
/// mapping agrees with the first.
/// </summary>
public sealed class ConnectorFuzzTests
{
    private static readonly (ShopPlatform Platform, SignedWebhook Webhook)[] Samples =
    [
        .. NeverThrowsTests.Webhooks.Select(row => (row.Data.Item1, NeverThrowsTests.Webhook(row.Data.Item1, row.Data.Item2))),
    ];

    private static readonly Gen<string> Hostile = Gen.Frequency(
        (6, HostileJson.Value(2)),
        (2, Gen.OneOf(
            "\"orders/create\"", "\"orders/updated\"", "\"refunds/create\"", "\"2999-01-01T00:00:00Z\"", "\"1999-01-01T00:00:00Z\"",
            "\"2026-11-23T09:00:00\"", "\"not-a-date\"", "\"EUR\"", "\"XXX\"", "\"-5.00\"", "\"1e30\"", "\"NaN\"", "\"0.00\"", "\"refunded\"",
            "\"ada@example.com\"", "\"ADA@EXAMPLE.COM \"", "\"@\"", "9007199254740993", "-1", "[]", "{}")),
        (1, Gen.Int[1, 60].Select(depth => HostileJson.Deep(depth, depth % 2 == 0))));

    private static readonly Gen<(int Sample, byte[] Body)> Edited =
        Gen.Select(Gen.Int[0, Samples.Length - 1], Gen.Int[0, 500].Array[1, 6], Hostile.Array[6], Gen.Int[0, 4].Array[6])
            .Select((sample, paths, values, modes) =>
            {
                var tree = JsonTree.Parse(Samples[sample].Webhook.Body);
                for (var i = 0; i < paths.Length; i++)
                {
                    tree.Edit(paths[i], values[i], modes[i]);
                }

                return (sample, Encoding.UTF8.GetBytes(tree.ToJson()));
            });

    [Fact]
    public void Edited_and_resigned_webhooks_verify_and_map_soundly_and_alike_twice() =>
        FuzzBudget.Check("connectors: edited structure", Edited, edited =>
        {
            var (platform, original) = Samples[edited.Sample];
            var inbound = PlatformWebhooks.Resigned(original, Fixtures.Secret, edited.Body).ToInbound();
            var handler = ShopWebhooks.For(platform);

            // Shopware signs a timestamp inside the body; an edit there makes the webhook stale, not invalid.
            var check = handler.Verify(inbound, Fixtures.Secret, Fixtures.Now);
            Assert.True(check == SignatureCheck.Valid || (platform == ShopPlatform.Shopware && check == SignatureCheck.Stale), $"signature check: {check}");
            foreach (var keying in new[] { Fixtures.ByPlatformId, Fixtures.ByEmail })
            {
                var first = handler.Map(inbound, keying);
                AssertSound(first);
                AssertSame(first, handler.Map(inbound, keying));
                AssertReadByTheEventsParser(first);
            }
        }, shortIterations: 2000, print: e => $"{Samples[e.Sample].Platform}: {Encoding.UTF8.GetString(e.Body)}");

    [Fact]
    public void Hostile_headers_never_make_verify_or_map_throw() =>
        FuzzBudget.Check("connectors: hostile headers", Gen.Select(Gen.Int[0, Samples.Length - 1], Gen.Int[0, 20], HostileJson.Text), generated =>
        {
            // Names stay unique, as ASP.NET hands them over: a repeated header arrives as one comma-joined value.
            var (sample, header, value) = generated;
            var (platform, original) = Samples[sample];
            var headers = original.Headers.ToList();
            var at = header % headers.Count;
            headers[at] = new(headers[at].Key, header % 2 == 0 ? value : headers[at].Value + "," + value);

            var inbound = new InboundWebhook(headers, original.Body);
            var handler = ShopWebhooks.For(platform);
            var check = handler.Verify(inbound, Fixtures.Secret, Fixtures.Now);
            AssertSound(handler.Map(inbound, Fixtures.ByPlatformId));
            Assert.Equal(check, handler.Verify(inbound, Fixtures.Secret, Fixtures.Now));
        }, shortIterations: 2000);

    [Fact]
    public void The_corpus_replays_soundly()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            // <platform>-<anything>.json
            var platform = Enum.Parse<ShopPlatform>(Path.GetFileName(file).Split('-')[0], ignoreCase: true);
            var original = Samples.First(s => s.Platform == platform).Webhook;
            var inbound = PlatformWebhooks.Resigned(original, Fixtures.Secret, File.ReadAllBytes(file)).ToInbound();
            Assert.NotEqual(SignatureCheck.Invalid, ShopWebhooks.For(platform).Verify(inbound, Fixtures.Secret, Fixtures.Now));
            AssertSound(ShopWebhooks.For(platform).Map(inbound, Fixtures.ByEmail));
        }
    }

    private static void AssertSound(MappingResult result)
    {
        if (result.Kind == MappingKind.Unmappable)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Field));
            Assert.StartsWith(result.Field + ": ", result.Error, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Whatever a connector maps makes a batch the events parser reads (as <c>ShopWebhookIntake</c> does), refusing an
    /// event only naming its field: the intake reports that first rejection, so a mapped bidi override or future time is
    /// refused precisely rather than appended.
    /// </summary>
    private static void AssertReadByTheEventsParser(MappingResult result)
    {
        if (result.Events.Count == 0)
        {
            return;
        }

        var events = result.Events.Select(e => e.CustomerId is null ? e with { CustomerId = "c-resolved" } : e).ToList();
        var parsed = Ingestion.EventBatchParser.Parse(ConnectorEvents.ToBatchJson(events), Fixtures.Now);
        Assert.Equal(Ingestion.BatchOutcome.Parsed, parsed.Outcome);
        Assert.All(parsed.Rejected, r => Assert.Matches(@"^(event|[A-Za-z]+(\.[A-Za-z]+)*): \S", r.Error));
    }

    private static void AssertSame(MappingResult first, MappingResult second)
    {
        Assert.Equal((first.Kind, first.Topic, first.Field, first.Error, first.Reason), (second.Kind, second.Topic, second.Field, second.Error, second.Reason));
        Assert.Equal(first.Events, second.Events);
    }
}

using System.Text.Json;
using LifecycleActors.Rules;
using Orleans.Storage;

namespace LifecycleActors.Grains.Tests;

/// <summary>
/// Customer snapshots are stored as JSON by Orleans' System.Text.Json grain storage serializer, with its default
/// options (silo/Hosting/StorageBackend.cs): rows written before a change must still load, and new rows keep the shape.
/// </summary>
public sealed class CustomerGrainStateJsonTests
{
    private static readonly IGrainStorageSerializer Serializer = StoredSnapshotJson.Serializer;

    [Fact]
    public void A_row_with_the_outbox_kind_as_a_string_loads()
    {
        const string row = """
            {
              "Watermark": 41,
              "AppliedAbove": [44, 43],
              "Outbox": [
                { "Kind": "RegisterReferral", "TargetCustomerId": "c-2" },
                { "Kind": "ReferralConverted", "TargetCustomerId": "c-3" }
              ]
            }
            """;

        var state = Serializer.Deserialize<CustomerGrainState>(BinaryData.FromString(row))!;

        Assert.Equal(
            [new PendingMessage(CustomerMessageKind.RegisterReferral, "c-2"), new PendingMessage(CustomerMessageKind.ReferralConverted, "c-3")],
            state.Outbox);
        Assert.Equal(41, state.Watermark);
        Assert.Equal([44L, 43L], state.AppliedAbove);
    }

    [Fact]
    public void The_outbox_kind_and_the_applied_positions_are_written_as_before()
    {
        var state = new CustomerGrainState
        {
            Watermark = 41,
            AppliedAbove = [43, 44],
            Outbox = [new(CustomerMessageKind.RegisterReferral, "c-2"), new(CustomerMessageKind.ReferralConverted, "c-3")],
        };

        using var json = JsonDocument.Parse(Serializer.Serialize(state).ToString());
        var root = json.RootElement;

        Assert.Equal(41, root.GetProperty("Watermark").GetInt64());
        Assert.Equal([43L, 44L], root.GetProperty("AppliedAbove").EnumerateArray().Select(p => p.GetInt64()));
        Assert.Equal(
            ["RegisterReferral", "ReferralConverted"],
            root.GetProperty("Outbox").EnumerateArray().Select(m => m.GetProperty("Kind").GetString()));
    }

    [Fact]
    public void A_campaign_feed_stored_before_trace_links_loads_and_a_linked_one_keeps_its_trace_parent()
    {
        const string row = """
            {
              "CampaignFeed": [
                {
                  "Transition": { "Tenant": "t", "CustomerId": "c-1", "Kind": "stage", "From": "prospect", "To": "one_time",
                    "At": "2026-01-02T03:04:05+00:00", "DetectedAt": "2026-01-02T03:04:05+00:00", "Sequence": 1, "Reason": "first order" },
                  "Stage": "one_time", "Vip": false, "Advocate": false, "Spend365": 25
                }
              ]
            }
            """;

        var old = Assert.Single(Serializer.Deserialize<CustomerGrainState>(BinaryData.FromString(row))!.CampaignFeed);
        Assert.Null(old.TraceParent);
        Assert.Equal("one_time", old.Transition.To);

        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var linked = new CustomerGrainState { CampaignFeed = [old with { TraceParent = traceParent }] };
        var loaded = Serializer.Deserialize<CustomerGrainState>(Serializer.Serialize(linked))!;
        Assert.Equal(traceParent, Assert.Single(loaded.CampaignFeed).TraceParent);
    }

    [Fact]
    public void A_campaign_feed_transition_keeps_its_reason_code_and_arguments_and_an_older_one_has_none()
    {
        const string row = """
            {
              "CampaignFeed": [
                {
                  "Transition": { "Tenant": "t", "CustomerId": "c-1", "Kind": "stage", "From": "prospect", "To": "one_time",
                    "At": "2026-01-02T03:04:05+00:00", "DetectedAt": "2026-01-02T03:04:05+00:00", "Sequence": 1, "Reason": "first order" },
                  "Stage": "one_time", "Vip": false, "Advocate": false, "Spend365": 25
                }
              ]
            }
            """;
        var old = Assert.Single(Serializer.Deserialize<CustomerGrainState>(BinaryData.FromString(row))!.CampaignFeed);
        Assert.Equal((null, null), (old.Transition.ReasonCode, old.Transition.ReasonArgs));

        var coded = old with { Transition = old.Transition with { ReasonCode = "first_order", ReasonArgs = """{"orderId":"o-1","amount":25}""" } };
        var stored = Serializer.Serialize(new CustomerGrainState { CampaignFeed = [coded] });

        Assert.Contains("\"ReasonArgs\":{\"orderId\":\"o-1\",\"amount\":25}", stored.ToString(), StringComparison.Ordinal);
        Assert.Equal(coded.Transition, Assert.Single(Serializer.Deserialize<CustomerGrainState>(stored)!.CampaignFeed).Transition);
    }
}

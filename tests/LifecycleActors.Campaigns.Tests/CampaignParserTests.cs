using System.Text.Json;
using LifecycleActors.Campaigns;

namespace LifecycleActors.Campaigns.Tests;

public sealed class CampaignParserTests
{
    [Theory]
    [InlineData("""{"trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"task"}}""", "id")]
    [InlineData("""{"id":"Bad Id","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"task"}}""", "id")]
    [InlineData("""{"id":"a","action":{"type":"task"}}""", "trigger")]
    [InlineData("""{"id":"a","trigger":{"kind":"flag","to":"lapsed"},"action":{"type":"task"}}""", "trigger.kind")]
    [InlineData("""{"id":"a","trigger":{"kind":"vip","to":"lapsed"},"action":{"type":"task"}}""", "trigger.to")]
    [InlineData("""{"id":"a","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"sms"}}""", "action.type")]
    [InlineData("""{"id":"a","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"webhook","url":"https://x.example/h"}}""", "action.secret")]
    [InlineData("""{"id":"a","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"webhook","url":"https://u:p@x.example/h","secret":"0123456789abcdef"}}""", "action.url")]
    [InlineData("""{"id":"a","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"task"},"holdoutPercent":80}""", "holdoutPercent")]
    [InlineData("""{"id":"a","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"task"},"quietHours":{"start":"25:00","end":"08:00"}}""", "quietHours.start")]
    [InlineData("""{"id":"a","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"task"},"filters":{"vip":"yes"}}""", "filters.vip")]
    [InlineData("""{"id":"a","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"task"},"cap":{"windowDays":7}}""", "cap.max")]
    [InlineData("""{"id":"a","trigger":{"kind":"stage","to":"lapsed"},"action":{"type":"task","title":"\ud800"}}""", "action.title")]
    [InlineData("""[1]""", "body")]
    public void A_bad_campaign_is_refused_naming_the_field(string json, string field)
    {
        var result = CampaignParser.Parse(JsonDocument.Parse(json).RootElement);

        Assert.Null(result.Definition);
        Assert.Equal(field, result.Field);
        Assert.StartsWith(field, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_campaign_survives_the_round_trip_through_its_stored_form()
    {
        var json = """
            {"id":"win-back","name":"Win-back","trigger":{"kind":"stage","to":"lapsed"},"filters":{"vip":true,"minSpend365":100},
             "delayHours":24,"action":{"type":"webhook","url":"https://hooks.example.com/h","secret":"0123456789abcdef","templateId":"wb"},
             "cap":{"max":1,"windowDays":90},"quietHours":{"start":"21:00","end":"08:00"},"holdoutPercent":10,"conversionDays":30,"exitOnOrder":true}
            """;
        var parsed = CampaignParser.Parse(JsonDocument.Parse(json).RootElement).Definition!;

        var again = CampaignJson.FromStored(CampaignJson.ToStored(parsed));

        Assert.Equal(parsed with { Filters = again.Filters, Action = again.Action }, again);
        Assert.Equal(parsed.Filters, again.Filters);
        Assert.Equal(parsed.Action, again.Action);
        Assert.Equal(TimeSpan.FromHours(24), again.Delay);
        Assert.Equal(30, again.AttributionDays);
        Assert.False(CampaignJson.ToJson(parsed, includeSecret: false)["action"]!.AsObject().ContainsKey("secret"));
    }

    [Fact]
    public void Every_seed_campaign_is_valid()
    {
        foreach (var name in SeedCampaigns.Names)
        {
            var seed = SeedCampaigns.Create(name, new Uri("https://hooks.example.com/shop"), "0123456789abcdef")!;
            Assert.Equal(name, seed.Id);
            Assert.Equal(seed.Id, CampaignJson.FromStored(CampaignJson.ToStored(seed)).Id);
        }

        Assert.Null(SeedCampaigns.Create("nope", new Uri("https://hooks.example.com/shop"), "0123456789abcdef"));
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LifecycleActors.Campaigns;

/// <summary>A campaign as JSON, in the shape <see cref="CampaignParser"/> reads: stored with its secret, shown without.</summary>
public static class CampaignJson
{
    public static JsonObject ToJson(CampaignDefinition c, bool includeSecret)
    {
        var action = new JsonObject { ["type"] = c.Action.Type };
        if (c.Action.IsMessage)
        {
            action["url"] = c.Action.Url!.ToString();
            if (includeSecret)
            {
                action["secret"] = c.Action.Secret;
            }

            action["templateId"] = c.Action.TemplateId;
        }
        else
        {
            action["title"] = c.Action.Title;
        }

        var filters = new JsonObject
        {
            ["stage"] = c.Filters.Stage,
            ["vip"] = c.Filters.Vip,
            ["advocate"] = c.Filters.Advocate,
            ["minSpend365"] = c.Filters.MinSpend365,
        };
        return new JsonObject
        {
            ["id"] = c.Id,
            ["name"] = c.Name,
            ["trigger"] = new JsonObject { ["kind"] = c.Trigger.Kind, ["to"] = c.Trigger.To },
            ["filters"] = filters,
            ["delayHours"] = c.Delay.TotalHours,
            ["action"] = action,
            ["cap"] = c.Cap is null ? null : new JsonObject { ["max"] = c.Cap.Max, ["windowDays"] = c.Cap.WindowDays },
            ["quietHours"] = c.QuietHours is null ? null : new JsonObject
            {
                ["start"] = c.QuietHours.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                ["end"] = c.QuietHours.End.ToString("HH:mm", CultureInfo.InvariantCulture),
            },
            ["holdoutPercent"] = c.HoldoutPercent,
            ["conversionDays"] = c.ConversionDays,
            ["attributionDays"] = c.AttributionDays,
            ["exitOnOrder"] = c.ExitOnOrder,
        };
    }

    /// <summary>The stored form (with the secret), read back with <see cref="CampaignParser"/>.</summary>
    public static string ToStored(CampaignDefinition c) => ToJson(c, includeSecret: true).ToJsonString();

    public static CampaignDefinition FromStored(string json)
    {
        using var document = JsonDocument.Parse(json);
        var parsed = CampaignParser.Parse(document.RootElement);
        return parsed.Definition ?? throw new InvalidOperationException($"stored campaign is not valid: {parsed.Error}");
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LifecycleActors.Campaigns;

/// <summary>
/// Reads a campaign from its JSON (the body of <c>POST /api/v1/campaigns</c>); the first problem is reported with the
/// JSON path of the field at fault.
/// </summary>
public static partial class CampaignParser
{
    public const int MaxDelayHours = 24 * 365;

    public static readonly IReadOnlyList<string> TriggerKinds = ["stage", "vip", "advocate"];
    public static readonly IReadOnlyList<string> Stages = ["prospect", "one_time", "repeat", "at_risk", "lapsed", "churned"];

    public static CampaignParseResult Parse(JsonElement body)
    {
        try
        {
            return new CampaignParseResult(Read(body), null, null);
        }
        catch (CampaignFieldException ex)
        {
            return new CampaignParseResult(null, ex.Field, ex.Message);
        }
    }

    private static CampaignDefinition Read(JsonElement body)
    {
        Require(body.ValueKind == JsonValueKind.Object, "body", "body: must be a JSON object");
        var id = Text(body, "id", 64, required: true)!;
        Require(IdPattern().IsMatch(id), "id", "id: 1..64 characters of a-z, 0-9 and -");
        var name = Text(body, "name", 200, required: false) ?? id;
        var trigger = ReadTrigger(Object(body, "trigger", required: true)!.Value);
        var filters = Object(body, "filters", required: false) is { } f ? ReadFilters(f) : CampaignFilters.None;
        var delayHours = Number(body, "delayHours", 0, MaxDelayHours) ?? 0;
        var action = ReadAction(Object(body, "action", required: true)!.Value);
        var cap = Object(body, "cap", required: false) is { } c
            ? new FrequencyCap((int)Number(c, "max", 1, 1000, "cap.", required: true)!.Value, (int)Number(c, "windowDays", 1, 3650, "cap.", required: true)!.Value)
            : null;
        var quiet = Object(body, "quietHours", required: false) is { } q
            ? new QuietHours(Time(q, "start"), Time(q, "end"))
            : null;
        var holdout = (int)(Number(body, "holdoutPercent", 0, 50) ?? 0);
        var conversionDays = (int)(Number(body, "conversionDays", 1, 365) ?? 14);
        var attributionDays = (int)(Number(body, "attributionDays", 1, 365) ?? conversionDays);
        var exitOnOrder = Flag(body, "exitOnOrder") ?? false;
        return new CampaignDefinition(
            id, name, trigger, filters, TimeSpan.FromHours(delayHours), action, cap, quiet, holdout, conversionDays, attributionDays, exitOnOrder);
    }

    private static CampaignTrigger ReadTrigger(JsonElement trigger)
    {
        var kind = Text(trigger, "kind", 16, required: true, prefix: "trigger.")!;
        Require(TriggerKinds.Contains(kind), "trigger.kind", $"trigger.kind: must be one of {string.Join(", ", TriggerKinds)}");
        var to = Text(trigger, "to", 16, required: true, prefix: "trigger.")!;
        var allowed = kind == "stage" ? Stages : ["true", "false"];
        Require(allowed.Contains(to), "trigger.to", $"trigger.to: for kind '{kind}' must be one of {string.Join(", ", allowed)}");
        return new CampaignTrigger(kind, to);
    }

    private static CampaignFilters ReadFilters(JsonElement filters)
    {
        var stage = Text(filters, "stage", 16, required: false, prefix: "filters.");
        Require(stage is null || Stages.Contains(stage), "filters.stage", $"filters.stage: must be one of {string.Join(", ", Stages)}");
        return new CampaignFilters(
            stage,
            Flag(filters, "vip", "filters."),
            Flag(filters, "advocate", "filters."),
            Number(filters, "minSpend365", 0, 1e12, "filters.") is { } min ? (decimal)min : null);
    }

    private static CampaignAction ReadAction(JsonElement action)
    {
        var type = Text(action, "type", 16, required: true, prefix: "action.")!;
        if (type == CampaignAction.Task)
        {
            return new CampaignAction(type, null, null, null, Text(action, "title", 200, required: false, prefix: "action."));
        }

        Require(type == CampaignAction.Webhook, "action.type", "action.type: must be webhook or task");
        var url = Text(action, "url", 2048, required: true, prefix: "action.")!;
        Require(
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.UserInfo.Length == 0,
            "action.url",
            "action.url: must be an absolute http or https URL without credentials");
        var secret = Text(action, "secret", 256, required: true, prefix: "action.")!;
        Require(secret.Length >= 16, "action.secret", "action.secret: at least 16 characters");
        var template = Text(action, "templateId", 128, required: false, prefix: "action.");
        return new CampaignAction(type, uri, secret, template, null);
    }

    private static JsonElement? Object(JsonElement parent, string name, bool required, string prefix = "")
    {
        if (!TryGetProperty(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Require(!required, prefix + name, $"{prefix}{name}: required");
            return null;
        }

        Require(value.ValueKind == JsonValueKind.Object, prefix + name, $"{prefix}{name}: must be an object");
        return value;
    }

    private static string? Text(JsonElement parent, string name, int maxLength, bool required, string prefix = "")
    {
        if (!TryGetProperty(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Require(!required, prefix + name, $"{prefix}{name}: required");
            return null;
        }

        Require(value.ValueKind == JsonValueKind.String, prefix + name, $"{prefix}{name}: must be a string");
        var text = TryGetString(value);
        Require(text is not null, prefix + name, $"{prefix}{name}: must not contain unpaired surrogates");
        Require(text!.Length is > 0 && text.Length <= maxLength, prefix + name, $"{prefix}{name}: 1..{maxLength} characters");
        return text;
    }

    private static double? Number(JsonElement parent, string name, double min, double max, string prefix = "", bool required = false)
    {
        if (!TryGetProperty(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Require(!required, prefix + name, $"{prefix}{name}: required");
            return null;
        }

        Require(value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max, prefix + name,
            $"{prefix}{name}: must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return value.GetDouble();
    }

    private static bool? Flag(JsonElement parent, string name, string prefix = "")
    {
        if (!TryGetProperty(parent, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Require(value.ValueKind is JsonValueKind.True or JsonValueKind.False, prefix + name, $"{prefix}{name}: must be true or false");
        return value.GetBoolean();
    }

    private static TimeOnly Time(JsonElement quiet, string name)
    {
        var text = Text(quiet, name, 5, required: true, prefix: "quietHours.")!;
        Require(TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time), "quietHours." + name,
            $"quietHours.{name}: a time of day as HH:mm");
        return time;
    }

    /// <summary>
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> (the last of duplicates wins), except that a
    /// name escaping an unpaired surrogate (<c>"\ud800"</c>) matches nothing instead of throwing.
    /// </summary>
    private static bool TryGetProperty(JsonElement parent, string name, out JsonElement value)
    {
        value = default;
        var found = false;
        foreach (var property in parent.EnumerateObject())
        {
            bool matches;
            try
            {
                matches = property.NameEquals(name);
            }
            catch (InvalidOperationException)
            {
                matches = false;
            }

            if (matches)
            {
                (value, found) = (property.Value, true);
            }
        }

        return found;
    }

    /// <returns>The string, or null when it escapes an unpaired surrogate, which no .NET string can hold.</returns>
    private static string? TryGetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new CampaignFieldException(field, message);
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex IdPattern();

    private sealed class CampaignFieldException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}

/// <summary>A parsed campaign, or the field at fault and what is wrong with it.</summary>
public sealed record CampaignParseResult(CampaignDefinition? Definition, string? Field, string? Error);

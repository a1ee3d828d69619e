using System.Text;
using System.Text.Json;
using CsCheck;
using LifecycleActors.Tests.Fuzz;

namespace LifecycleActors.Campaigns.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of <see cref="CampaignParser"/> (issue 22): no exception, a refusal always names its field,
/// unknown hostile fields leave a valid campaign as it was, and the same body always gets the same verdict.
/// </summary>
public sealed class CampaignFuzzTests
{
    private static readonly CampaignDefinition ValidDefinition = CampaignParser.Parse(Parse(CampaignGen.Valid)!.RootElement).Definition!;

    private static readonly Gen<byte[]> AnyBody = Gen.Frequency(
        (4, CampaignGen.Campaign.Select(Encoding.UTF8.GetBytes)),
        (2, CampaignGen.Campaign.SelectMany(c => HostileJson.Damaged(Encoding.UTF8.GetBytes(c)))),
        (1, HostileJson.Value(3).Select(Encoding.UTF8.GetBytes)));

    [Fact]
    public void Generated_campaigns_get_sound_repeatable_verdicts_without_throwing() =>
        FuzzBudget.Check("campaigns: generated bodies", AnyBody, body =>
        {
            using var document = Parse(body);
            if (document is null)
            {
                return;
            }

            var first = CampaignParser.Parse(document.RootElement);
            AssertSound(first);
            Assert.Equal(first, CampaignParser.Parse(document.RootElement));
        }, shortIterations: 4000, print: body => Encoding.UTF8.GetString(body));

    [Fact]
    public void Hostile_unknown_fields_leave_a_valid_campaign_unchanged() =>
        FuzzBudget.Check("campaigns: valid among unknown fields", Gen.Select(HostileJson.Text, HostileJson.Value(2)).Array[1, 6], extra =>
        {
            var known = typeof(CampaignDefinition).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var extras = extra.Where(e => !known.Contains(e.Item1) && e.Item1 is not ("attributionDays" or "conversionDays" or "holdoutPercent" or "delayHours"));
            var json = CampaignGen.Valid.TrimEnd()[..^1] + "," + HostileJson.Object(extras)[1..];
            if (!extras.Any())
            {
                return;
            }

            using var document = Parse(json)!;
            var result = CampaignParser.Parse(document.RootElement);

            Assert.Null(result.Field);
            Assert.Equal(ValidDefinition, result.Definition);
        }, shortIterations: 2000);

    [Fact]
    public void The_corpus_replays_with_sound_verdicts()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var document = Parse(File.ReadAllBytes(file));
            Assert.NotNull(document);
            AssertSound(CampaignParser.Parse(document.RootElement));
        }
    }

    /// <summary>The body as the API would hand it over; null where the API refuses it as not JSON.</summary>
    private static JsonDocument? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonDocument? Parse(string body) => Parse(Encoding.UTF8.GetBytes(body));

    private static void AssertSound(CampaignParseResult result)
    {
        if (result.Definition is not null)
        {
            Assert.Null(result.Field);
            Assert.Null(result.Error);
            return;
        }

        Assert.False(string.IsNullOrWhiteSpace(result.Field));
        Assert.StartsWith(result.Field + ": ", result.Error, StringComparison.Ordinal);
    }
}

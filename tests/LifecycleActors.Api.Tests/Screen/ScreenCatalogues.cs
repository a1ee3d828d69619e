using System.Text.Json;
using System.Text.RegularExpressions;
using LifecycleActors.Dashboard;

namespace LifecycleActors.Api.Tests.Screen;

/// <summary>The screen's language catalogues (dashboard/wwwroot/js/lang/*.js) as the dashboard assembly serves them.</summary>
public static partial class ScreenCatalogues
{
    public static readonly string[] Languages = ["en", "de", "nl"];

    /// <summary>A catalogue's keys and texts; the file is <c>export default { … };</c> around a JSON object.</summary>
    public static IReadOnlyDictionary<string, string> Load(string language)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream($"wwwroot/js/lang/{language}.js")
            ?? throw new InvalidOperationException($"no catalogue for '{language}' in the dashboard assembly");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().Trim();
        const string prefix = "export default";
        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        var json = text[prefix.Length..].TrimEnd(';');
        return JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
    }

    /// <summary>The placeholders of a text: {name}.</summary>
    public static IReadOnlySet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The English words a screen in <paramref name="language"/> must not show: the words (three letters or more,
    /// placeholders left out) of the English catalogue that no text of that language's catalogue uses too.
    /// </summary>
    public static IReadOnlySet<string> EnglishWordsNotIn(string language)
    {
        var own = Load(language).Values.SelectMany(Words).ToHashSet(StringComparer.Ordinal);
        return Load("en").Values.SelectMany(Words).Where(w => !own.Contains(w)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The lower-case words of a text, three letters or more, without its placeholders.</summary>
    public static IEnumerable<string> Words(string text) =>
        Word().Matches(Placeholder().Replace(text, " ")).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}

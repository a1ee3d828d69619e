using System.Globalization;

namespace LifecycleActors.Cli.CommandLine;

/// <summary>
/// The options of one command: <c>--name value</c>, <c>--name=value</c> and bare flags. A small parser of our own
/// rather than a package; every error names the option, so that a typo in a benchmark script fails loudly instead of
/// silently running with a default.
/// </summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private ParsedArguments()
    {
    }

    /// <param name="valueOptions">Options that take a value, with their leading dashes (<c>--batch</c>).</param>
    /// <param name="flagOptions">Options that take none (<c>--json</c>).</param>
    /// <exception cref="UsageException">An unknown option, a missing value, a repeated option or a stray argument.</exception>
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var parsed = new ParsedArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' (options start with --)");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var inlineValue = equals < 0 ? null : arg[(equals + 1)..];

            if (valueOptions.Contains(name))
            {
                // A following option is taken as a forgotten value rather than as the value: "--api-key --json" is a
                // mistake far more often than a key that starts with "--" (which can still be given as --api-key=--x).
                var value = inlineValue
                    ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                        ? args[++i]
                        : throw new UsageException($"{name}: missing value"));
                if (!parsed._values.TryAdd(name, value))
                {
                    throw new UsageException($"{name}: given more than once");
                }
            }
            else if (flagOptions.Contains(name))
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"{name}: takes no value, got '{inlineValue}'");
                }

                if (!parsed._flags.Add(name))
                {
                    throw new UsageException($"{name}: given more than once");
                }
            }
            else
            {
                throw new UsageException($"unknown option '{name}'");
            }
        }

        return parsed;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>Whether the value option <paramref name="name"/> was given.</summary>
    public bool HasValue(string name) => _values.ContainsKey(name);

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new UsageException($"{name} is required");

    /// <summary>The value, or null when the option is absent; given but empty is an error.</summary>
    public string? OptionalString(string name) =>
        _values.TryGetValue(name, out var value)
            ? value.Length > 0 ? value : throw new UsageException($"{name}: must not be empty")
            : null;

    public int Int(string name, int defaultValue, int min, int max)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }

        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        // An open upper end reads better as ">= 1" than "from 1 to 2147483647"; a seed's full range is shown whole.
        var range = max == int.MaxValue && min != int.MinValue ? $">= {min}" : $"from {min} to {max}";
        throw new UsageException($"{name}: expected an integer {range}, got '{raw}'");
    }

    /// <param name="minExclusive">Whether <paramref name="min"/> itself is out of range (a timeout of 0 is not one).</param>
    public double Double(string name, double defaultValue, double min, double max = double.PositiveInfinity, bool minExclusive = false)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }

        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value)
            && (minExclusive ? value > min : value >= min)
            && value <= max)
        {
            return value;
        }

        var bound = string.Create(CultureInfo.InvariantCulture, $"{(minExclusive ? ">" : ">=")} {min}")
            + (double.IsFinite(max) ? string.Create(CultureInfo.InvariantCulture, $" and <= {max}") : "");
        throw new UsageException($"{name}: expected a number {bound}, got '{raw}'");
    }

    /// <summary>An absolute http or https URL, with a trailing slash so that relative API paths append to it.</summary>
    /// <param name="defaultValue">Used when the option is absent; without one the option is required.</param>
    public Uri BaseUrl(string name, string? defaultValue = null)
    {
        var raw = OptionalString(name) ?? defaultValue ?? throw new UsageException($"{name} is required");
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{name}: expected an absolute http:// or https:// URL, got '{raw}'");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new UsageException($"{name}: expected a base URL without query or fragment, got '{raw}'");
        }

        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}

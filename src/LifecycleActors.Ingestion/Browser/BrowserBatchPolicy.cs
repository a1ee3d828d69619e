using System.Collections.Frozen;
using System.Text.Json;

namespace LifecycleActors.Ingestion.Browser;

/// <summary>
/// What a publishable key may send (contract §9): at most <see cref="MaxEvents"/> events of the browser's types, and an
/// <c>identify</c> only with a valid <c>userHash</c>. Checked on the raw body before <see cref="EventBatchParser"/>,
/// which then applies the events API's own rules; a body that is not a JSON array is left to it (400 there).
/// </summary>
public static class BrowserBatchPolicy
{
    public const int MaxEvents = 50;
    public const int MaxBodyBytes = 64 * 1024;
    public const string IdentifyType = "identify";

    /// <summary>The event types a browser may send; every other type needs the tenant's secret API key.</summary>
    public static readonly FrozenSet<string> AllowedTypes =
        new[] { "visit", "cart_updated", "checkout_started", "email_clicked", "social_share", IdentifyType }.ToFrozenSet(StringComparer.Ordinal);

    private const int Forbidden = 403;
    private const int TooLarge = 413;

    /// <param name="utf8Body">The whole body, at most <see cref="MaxBodyBytes"/> (the caller reads no more).</param>
    /// <param name="identitySecret">The tenant's <c>IdentitySecret</c>, or null when it has none (then no identify is taken).</param>
    /// <returns>null when the batch may go on to the events API's validation; else why it is refused.</returns>
    public static BrowserRefusal? Check(ReadOnlyMemory<byte> utf8Body, string? identitySecret)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var count = root.GetArrayLength();
            if (count > MaxEvents)
            {
                return new BrowserRefusal(TooLarge, "body", $"body: too many events ({count}); a browser batch holds at most {MaxEvents}", "size");
            }

            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (CheckEvent(element, index++, identitySecret) is { } refusal)
                {
                    return refusal;
                }
            }

            return null;
        }
    }

    private static BrowserRefusal? CheckEvent(JsonElement element, int index, string? identitySecret)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var field = $"body[{index}].type";
        if (Single(element, "type", out var type) is { } twice)
        {
            return Refuse(field, $"{field}: {twice}", "type");
        }

        if (type is not { ValueKind: JsonValueKind.String } || !JsonValues.TryGetString(type.Value, out var name))
        {
            // Missing, not a string, or not decodable (a lone surrogate): the events API's validation rejects it by itself.
            return null;
        }

        if (!AllowedTypes.Contains(name))
        {
            return Refuse(field, $"{field}: '{Shorten(name)}' cannot be sent with a publishable key; a browser may send {string.Join(", ", AllowedTypes.Order(StringComparer.Ordinal))}", "type");
        }

        return name == IdentifyType ? CheckIdentify(element, index, identitySecret) : null;
    }

    private static BrowserRefusal? CheckIdentify(JsonElement element, int index, string? identitySecret)
    {
        if (identitySecret is null)
        {
            var field = $"body[{index}].type";
            return Refuse(field, $"{field}: identify needs the tenant's IdentitySecret, and this tenant has none", "no_identity_secret");
        }

        var prefix = $"body[{index}].data";
        if (Single(element, "data", out var data) is { } twiceData)
        {
            return Refuse(prefix, $"{prefix}: {twiceData}", "user_hash");
        }

        if (data is not { ValueKind: JsonValueKind.Object })
        {
            return Refuse(prefix + ".userHash", $"{prefix}.userHash: required for identify from a browser", "user_hash");
        }

        if (Single(data.Value, "customerId", out var customer) is { } twiceCustomer)
        {
            return Refuse(prefix + ".customerId", $"{prefix}.customerId: {twiceCustomer}", "user_hash");
        }

        if (Single(data.Value, "userHash", out var hash) is { } twiceHash)
        {
            return Refuse(prefix + ".userHash", $"{prefix}.userHash: {twiceHash}", "user_hash");
        }

        if (customer is not { ValueKind: JsonValueKind.String } || !JsonValues.TryGetString(customer.Value, out var customerId))
        {
            // Without a customer id there is nothing to prove; the identify validation rejects the event itself.
            return null;
        }

        if (hash is not { ValueKind: JsonValueKind.String } || !JsonValues.TryGetString(hash.Value, out var userHash))
        {
            return Refuse(prefix + ".userHash", $"{prefix}.userHash: required for identify from a browser (lower-case hex HMAC-SHA256 of data.customerId with the tenant's IdentitySecret)", "user_hash");
        }

        return UserHash.Verify(customerId, userHash, identitySecret)
            ? null
            : Refuse(prefix + ".userHash", $"{prefix}.userHash: does not match data.customerId (HMAC-SHA256 with the tenant's IdentitySecret, lower-case hex)", "user_hash");
    }

    /// <summary>The property, or null when absent; a problem when it is given more than once (which value counts would be ambiguous).</summary>
    private static string? Single(JsonElement obj, string name, out JsonElement? value)
    {
        value = null;
        foreach (var property in obj.EnumerateObject())
        {
            // A name holding a lone surrogate is no name we look for (NameEquals would throw on it).
            if (JsonValues.NameIs(property, System.Text.Encoding.UTF8.GetBytes(name)))
            {
                if (value is not null)
                {
                    return "given more than once";
                }

                value = property.Value;
            }
        }

        return null;
    }

    private static BrowserRefusal Refuse(string field, string detail, string reason) => new(Forbidden, field, detail, reason);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

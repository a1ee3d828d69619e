using System.Text.Json;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Ingestion;

/// <summary>
/// The per-type fields of <c>data</c> (contract §2 table). Only the fields a type names are looked at; every other field
/// is left alone for the timeline. Optional fields may be absent or null.
/// </summary>
internal static class DataRule
{
    /// <param name="data">The <c>data</c> object, or an undefined element when it was absent or null.</param>
    /// <returns>An error message, or null when <paramref name="fields"/> holds the validated fields.</returns>
    public static string? Read(JsonElement data, EventType type, string customerId, out RuleFields fields)
    {
        fields = default;
        return type switch
        {
            EventType.OrderPlaced => ReadOrder(data, type, strictlyPositive: false, out fields),
            EventType.OrderRefunded => ReadOrder(data, type, strictlyPositive: true, out fields),
            EventType.CartUpdated or EventType.CheckoutStarted => CheckOptionalValue(data),
            EventType.ReviewSubmitted => ReadRequiredInteger(data, "rating"u8, "data.rating", 1, 5, type, out var rating)
                ?? Keep(out fields, new RuleFields(Rating: rating)),
            EventType.NpsResponse => ReadRequiredInteger(data, "score"u8, "data.score", 0, 10, type, out var score)
                ?? Keep(out fields, new RuleFields(Score: score)),
            EventType.ReferralMade => ReadReferral(data, customerId, out fields),
            EventType.SupportContact => CheckOptionalSatisfaction(data),
            EventType.Identify => ReadIdentify(data, customerId, out fields),
            _ => null,
        };
    }

    private static string? Keep(out RuleFields fields, RuleFields value)
    {
        fields = value;
        return null;
    }

    private static string? ReadOrder(JsonElement data, EventType type, bool strictlyPositive, out RuleFields fields)
    {
        fields = default;
        if (!JsonValues.TryFindUnique(data, "orderId"u8, out var orderIdValue))
        {
            return "data.orderId: duplicate property";
        }

        var error = TextRule.Read(
            orderIdValue, "data.orderId", printable: true, $"data.orderId: required for {type.ToWireName()}", out var orderId);
        if (error is not null)
        {
            return error;
        }

        if (!JsonValues.TryFindUnique(data, "amount"u8, out var amountValue))
        {
            return "data.amount: duplicate property";
        }

        if (JsonValues.IsAbsent(amountValue))
        {
            return $"data.amount: required for {type.ToWireName()}";
        }

        var shape = strictlyPositive ? "data.amount: must be a number > 0" : "data.amount: must be a number >= 0";
        error = ReadDecimal(amountValue, "data.amount", shape, out var amount);
        if (error is not null)
        {
            return error;
        }

        if (strictlyPositive ? amount <= 0 : amount < 0)
        {
            return strictlyPositive ? "data.amount: must be > 0" : shape;
        }

        fields = new RuleFields(OrderId: orderId, Amount: amount);
        return null;
    }

    private static string? CheckOptionalValue(JsonElement data)
    {
        const string Shape = "data.value: must be a number >= 0";
        if (!JsonValues.TryFindUnique(data, "value"u8, out var value))
        {
            return "data.value: duplicate property";
        }

        if (JsonValues.IsAbsent(value))
        {
            return null;
        }

        return ReadDecimal(value, "data.value", Shape, out var amount) ?? (amount < 0 ? Shape : null);
    }

    private static string? CheckOptionalSatisfaction(JsonElement data)
    {
        if (!JsonValues.TryFindUnique(data, "satisfaction"u8, out var value))
        {
            return "data.satisfaction: duplicate property";
        }

        return JsonValues.IsAbsent(value) ? null : ReadInteger(value, "data.satisfaction", 1, 5, out _);
    }

    private static string? ReadReferral(JsonElement data, string customerId, out RuleFields fields)
    {
        fields = default;
        if (!JsonValues.TryFindUnique(data, "referredCustomerId"u8, out var value))
        {
            return "data.referredCustomerId: duplicate property";
        }

        var error = TextRule.Read(
            value,
            "data.referredCustomerId",
            printable: true,
            $"data.referredCustomerId: required for {EventType.ReferralMade.ToWireName()}",
            out var referred);
        if (error is not null)
        {
            return error;
        }

        if (string.Equals(referred, customerId, StringComparison.Ordinal))
        {
            return "data.referredCustomerId: must differ from customerId";
        }

        fields = new RuleFields(ReferredCustomerId: referred);
        return null;
    }

    /// <summary>
    /// An identify is sent under the anonymous id and names the known customer in <c>data.customerId</c>; the
    /// browser's <c>data.userHash</c> is checked by the collect endpoint, the server API (secret key) needs none.
    /// </summary>
    private static string? ReadIdentify(JsonElement data, string customerId, out RuleFields fields)
    {
        fields = default;
        if (!AnonymousIds.IsAnonymous(customerId))
        {
            return $"customerId: an identify is sent under the anonymous visitor id ({AnonymousIds.Prefix}…)";
        }

        if (!JsonValues.TryFindUnique(data, "customerId"u8, out var value))
        {
            return "data.customerId: duplicate property";
        }

        var error = TextRule.Read(
            value, "data.customerId", printable: true, $"data.customerId: required for {EventType.Identify.ToWireName()}", out var known);
        if (error is not null)
        {
            return error;
        }

        if (AnonymousIds.IsAnonymous(known))
        {
            return $"data.customerId: must be a known customer id, not an anonymous one ({AnonymousIds.Prefix}…)";
        }

        if (!JsonValues.TryFindUnique(data, "userHash"u8, out var hash))
        {
            return "data.userHash: duplicate property";
        }

        if (!JsonValues.IsAbsent(hash) && hash.ValueKind != JsonValueKind.String)
        {
            return "data.userHash: must be a string";
        }

        fields = new RuleFields(LinkedCustomerId: known);
        return null;
    }

    private static string? ReadRequiredInteger(
        JsonElement data, ReadOnlySpan<byte> name, string path, int min, int max, EventType type, out int result)
    {
        result = 0;
        if (!JsonValues.TryFindUnique(data, name, out var value))
        {
            return $"{path}: duplicate property";
        }

        return JsonValues.IsAbsent(value)
            ? $"{path}: required for {type.ToWireName()}"
            : ReadInteger(value, path, min, max, out result);
    }

    private static string? ReadInteger(JsonElement value, string path, int min, int max, out int result)
    {
        result = 0;
        // TryGetInt32 refuses fractions and exponents (4.5, 5.0, 5e0): an integer field takes an integer literal.
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out result) || result < min || result > max)
        {
            return $"{path}: must be an integer {min}..{max}";
        }

        return null;
    }

    private static string? ReadDecimal(JsonElement value, string path, string shapeError, out decimal result)
    {
        result = 0m;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return shapeError;
        }

        // JSON has no NaN or infinity, so the only unrepresentable numbers are those beyond decimal's ±7.9e28.
        return value.TryGetDecimal(out result) ? null : $"{path}: number out of range (magnitude must be below 7.9e28)";
    }
}

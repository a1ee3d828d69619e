using LifecycleActors.Silo.Tenants;

namespace LifecycleActors.Api.Tests.Screen;

/// <summary>The screen's three catalogues hold the same keys with the same placeholders; the tenant's currency is checked at start.</summary>
public sealed class ScreenCatalogueTests
{
    [Theory]
    [InlineData("de")]
    [InlineData("nl")]
    public void Every_english_key_exists_in_the_language_with_the_same_placeholders(string language)
    {
        var english = ScreenCatalogues.Load("en");
        var other = ScreenCatalogues.Load(language);

        Assert.Empty(english.Keys.Except(other.Keys));
        Assert.Empty(other.Keys.Except(english.Keys));
        Assert.All(english, pair =>
        {
            Assert.False(string.IsNullOrWhiteSpace(other[pair.Key]), $"{language}: '{pair.Key}' is empty");
            Assert.True(
                ScreenCatalogues.Placeholders(pair.Value).SetEquals(ScreenCatalogues.Placeholders(other[pair.Key])),
                $"{language}: '{pair.Key}' has other placeholders than English");
        });
    }

    [Fact]
    public void Every_reason_code_of_the_rules_has_a_text()
    {
        string[] codes =
        [
            "at_risk_no_order", "lapse_no_order", "churn_no_order", "no_orders", "signed_up", "reactivated_by_order",
            "reactivated_by_cadence", "first_order", "order_placed", "within_cadence", "vip_spend_reached", "vip_spend_held",
            "vip_no_threshold", "vip_spend_below_exit", "vip_threshold_not_regained", "advocate_points_reached",
            "advocate_detractor", "advocate_points_below",
        ];
        var english = ScreenCatalogues.Load("en");

        Assert.All(codes, code => Assert.True(english.ContainsKey($"reason.{code}"), $"no text for reason code {code}"));
    }

    [Fact]
    public void The_english_word_list_leaves_out_words_the_language_shares()
    {
        var german = ScreenCatalogues.EnglishWordsNotIn("de");

        Assert.Contains("customers", german);
        Assert.Contains("order", german);
        Assert.DoesNotContain("vip", german);
        Assert.DoesNotContain("status", german);
    }

    [Theory]
    [InlineData("EURO")]
    [InlineData("eur")]
    [InlineData("XYZ")]
    [InlineData("")]
    public void A_tenant_currency_that_is_no_iso_4217_code_stops_the_start_naming_the_setting(string currency)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TenantDirectory([Shop(currency)]));

        Assert.StartsWith("Lifecycle:Tenants:0:Currency:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tenant_without_a_currency_uses_euro_and_a_configured_one_is_kept()
    {
        var tenants = new TenantDirectory([Shop("CHF"), new TenantOptions { Id = "shop-b", ApiKey = "key-of-shop-b-0123456789" }]);

        Assert.Equal(("CHF", "EUR"), (tenants.CurrencyOf("shop-a"), tenants.CurrencyOf("shop-b")));
    }

    private static TenantOptions Shop(string currency) =>
        new() { Id = "shop-a", ApiKey = "key-of-shop-a-0123456789", Currency = currency };
}

namespace LifecycleActors.Rules.Tests;

public sealed class AdvocacyTests
{
    [Fact]
    public void Three_points_and_an_order_make_an_advocate()
    {
        var customer = new CustomerDriver().Order(0, 10m).Review(1, 5).Simple(2, Events.EventType.SocialShare);
        Assert.False(customer.State.Advocate);

        customer.Referral(3, "c-2");

        var transition = customer.Last(TransitionKind.Advocate);
        Assert.Equal(("false", "true"), (transition.From, transition.To));
        Assert.Equal("advocacy points 3 ≥ 3 (referrals 1, reviews 1, shares 1, NPS 0)", transition.Reason);
        Assert.True(transition.IsHeadline());
    }

    [Fact]
    public void Points_without_an_order_do_not_make_an_advocate()
    {
        var customer = new CustomerDriver().Review(1, 5).Review(2, 4).Nps(3, 10);

        Assert.Equal(4, customer.View(3).Advocacy.Points);
        Assert.False(customer.View(3).Advocate);
    }

    [Fact]
    public void Reviews_and_shares_count_at_most_two_each_and_low_ratings_not_at_all()
    {
        var customer = new CustomerDriver().Review(1, 5).Review(2, 4).Review(3, 5).Review(4, 3)
            .Simple(5, Events.EventType.SocialShare).Simple(6, Events.EventType.SocialShare).Simple(7, Events.EventType.SocialShare);

        var advocacy = customer.View(8).Advocacy;
        Assert.Equal(2, advocacy.ReviewPoints);
        Assert.Equal(2, advocacy.SharePoints);
    }

    [Theory]
    [InlineData(6, false, 0)]
    [InlineData(7, true, 0)]
    [InlineData(8, true, 0)]
    [InlineData(9, true, 2)]
    public void The_latest_nps_answer_vetoes_at_six_and_adds_two_from_nine(int score, bool advocate, int npsPoints)
    {
        var customer = new CustomerDriver().Order(0, 10m).Review(1, 5).Review(2, 5).Simple(3, Events.EventType.SocialShare).Nps(4, score);

        var view = customer.View(5);
        Assert.Equal(advocate, view.Advocate);
        Assert.Equal(npsPoints, view.Advocacy.NpsPoints);
    }

    [Fact]
    public void A_newer_promoter_answer_lifts_the_veto_of_an_older_detractor_answer()
    {
        var customer = new CustomerDriver().Order(0, 10m).Review(1, 5).Nps(2, 3).Nps(10, 10);

        Assert.True(customer.View(11).Advocate);
        Assert.Equal(3, customer.View(11).Advocacy.Points);
    }

    [Fact]
    public void Points_age_out_of_the_180_day_window_on_time()
    {
        var customer = new CustomerDriver().Order(0, 10m).Review(10, 5).Review(20, 5).Simple(30, Events.EventType.SocialShare);
        Assert.True(customer.State.Advocate);

        customer.AdvanceTo(CustomerDriver.Day(190).AddTicks(-1));
        Assert.True(customer.State.Advocate);

        customer.AdvanceTo(190);
        var left = customer.Last(TransitionKind.Advocate);
        Assert.Equal("false", left.To);
        Assert.Equal(CustomerDriver.Day(190), left.At);
        Assert.True(left.TimeDriven);
        Assert.Equal("advocacy points 2 < 3 (referrals 0, reviews 1, shares 1, NPS 0)", left.Reason);
    }

    [Fact]
    public void A_converted_referral_is_worth_three_points_whichever_arrives_first()
    {
        var referralFirst = new CustomerDriver().Order(0, 10m).Referral(1, "c-2").Converted(2, "c-2");
        var conversionFirst = new CustomerDriver().Order(0, 10m).Converted(1, "c-2").Referral(2, "c-2");

        Assert.Equal(3, referralFirst.View(3).Advocacy.ReferralPoints);
        Assert.Equal(3, conversionFirst.View(3).Advocacy.ReferralPoints);
        Assert.True(referralFirst.State.Advocate);
        Assert.True(conversionFirst.State.Advocate);
    }

    [Fact]
    public void Referring_the_same_customer_twice_counts_once()
    {
        var customer = new CustomerDriver().Order(0, 10m).Referral(1, "c-2").Referral(2, "c-2");

        Assert.Equal(1, customer.View(3).Advocacy.ReferralPoints);
    }

    [Fact]
    public void A_referral_asks_the_referred_customer_to_register_its_referrer()
    {
        var customer = new CustomerDriver().Referral(1, "c-2");

        Assert.Equal(new CustomerMessage(CustomerMessageKind.RegisterReferral, "c-2"), Assert.Single(customer.Messages));
    }

    [Fact]
    public void A_referred_customer_with_an_order_answers_at_once()
    {
        var referred = new CustomerDriver().Order(0, 10m);

        var outcome = referred.Rules.ApplyReferrerRegistered(referred.State, "c-9");

        Assert.Equal(new CustomerMessage(CustomerMessageKind.ReferralConverted, "c-9"), Assert.Single(outcome.Messages));
    }

    [Fact]
    public void A_referred_customer_without_an_order_answers_on_its_first_order_only()
    {
        var referred = new CustomerDriver().Simple(0, Events.EventType.Visit);
        Assert.Empty(referred.Rules.ApplyReferrerRegistered(referred.State, "c-9").Messages);

        referred.Order(1, 10m).Order(2, 10m);

        Assert.Equal(new CustomerMessage(CustomerMessageKind.ReferralConverted, "c-9"), Assert.Single(referred.Messages));
    }

    [Fact]
    public void An_erased_referred_customer_leaves_its_referrer_the_points_under_a_pseudonym()
    {
        var referrer = new CustomerDriver().Order(0, 10m).Referral(1, "c-2").Converted(2, "c-2").Referral(3, "c-3");
        var before = referrer.View(4).Advocacy.ReferralPoints;

        Assert.True(referrer.Rules.ForgetCustomer(referrer.State, "c-2", "erased-0123456789abcdef"));

        Assert.Equal(4, before);
        Assert.Equal(before, referrer.View(4).Advocacy.ReferralPoints);
        Assert.DoesNotContain(referrer.State.Referrals, r => r.ReferredCustomerId == "c-2");
        Assert.DoesNotContain("c-2", referrer.State.ConvertedReferrals);
        Assert.False(referrer.Rules.ForgetCustomer(referrer.State, "c-2", "erased-0123456789abcdef"));
    }

    [Fact]
    public void An_erased_referrer_is_forgotten_and_gets_no_message_on_the_first_order()
    {
        var referred = new CustomerDriver().Simple(0, Events.EventType.Visit);
        referred.Rules.ApplyReferrerRegistered(referred.State, "c-9");

        Assert.True(referred.Rules.ForgetCustomer(referred.State, "c-9", "erased-0123456789abcdef"));
        referred.Order(1, 10m);

        Assert.Empty(referred.Messages);
    }
}

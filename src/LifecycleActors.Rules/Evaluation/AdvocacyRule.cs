using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>Advocacy points over the trailing window and the advocate flag (contract §3, Advocate).</summary>
internal static class AdvocacyRule
{
    public static AdvocacyScore At(CustomerState state, RuleOptions options, DateTimeOffset now)
    {
        var from = now - Days.Span(options.AdvocacyWindowDays);
        bool InWindow(DateTimeOffset at) => at > from && at <= now;

        var referralPoints = 0;
        foreach (var referral in state.Referrals)
        {
            if (InWindow(referral.At))
            {
                referralPoints += state.ConvertedReferrals.Contains(referral.ReferredCustomerId) ? 3 : 1;
            }
        }

        var reviewPoints = state.GoodReviews.Count(mark => InWindow(mark.At));
        var sharePoints = state.Shares.Count(mark => InWindow(mark.At));
        int? nps = state.LatestNps is { } latest && InWindow(latest.At) ? latest.Score : null;
        var npsPoints = nps >= options.NpsPromoterMin ? 2 : 0;
        var points = referralPoints + reviewPoints + sharePoints + npsPoints;
        var vetoed = nps <= options.NpsDetractorMax;
        var advocate = state.OrderCount >= 1 && points >= options.AdvocatePoints && !vetoed;
        return new AdvocacyScore(advocate, points, referralPoints, reviewPoints, sharePoints, npsPoints, vetoed ? nps : null);
    }

    /// <summary>The first instant after <paramref name="now"/> at which the flag changes by time alone.</summary>
    public static DateTimeOffset? NextChange(CustomerState state, RuleOptions options, DateTimeOffset now, bool advocateNow)
    {
        var window = Days.Span(options.AdvocacyWindowDays);
        var instants = new List<DateTimeOffset>();
        void Add(DateTimeOffset at)
        {
            // An item enters the window at its own time and leaves it one window later.
            if (at > now) instants.Add(at);
            if (at + window > now) instants.Add(at + window);
        }

        foreach (var referral in state.Referrals) Add(referral.At);
        foreach (var mark in state.GoodReviews) Add(mark.At);
        foreach (var mark in state.Shares) Add(mark.At);
        if (state.LatestNps is { } nps) Add(nps.At);

        instants.Sort();
        foreach (var at in instants)
        {
            if (At(state, options, at).Advocate != advocateNow)
            {
                return at;
            }
        }

        return null;
    }
}

/// <summary>
/// Advocacy points and their parts at one instant. <see cref="DetractorScore"/> is the NPS score that vetoes
/// advocacy, when the latest answer in the window is a detractor's.
/// </summary>
public readonly record struct AdvocacyScore(
    bool Advocate,
    int Points,
    int ReferralPoints,
    int ReviewPoints,
    int SharePoints,
    int NpsPoints,
    int? DetractorScore);

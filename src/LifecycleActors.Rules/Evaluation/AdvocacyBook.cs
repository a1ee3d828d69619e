using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>Keeps the bounded records advocacy points are computed from.</summary>
internal static class AdvocacyBook
{
    private const int CountedPerKind = 2;

    public static void AddMark(List<EventMark> marks, CustomerEvent e)
    {
        if (marks.Exists(m => m.EventId == e.Id))
        {
            return;
        }

        marks.Add(new EventMark(e.OccurredAt, e.Id));
        marks.Sort(NewestFirst);
        if (marks.Count > CountedPerKind)
        {
            marks.RemoveRange(CountedPerKind, marks.Count - CountedPerKind);
        }
    }

    /// <summary>
    /// An erased customer leaves this one's referral records (ADR 0016): the referrals it counted keep their weight
    /// under <paramref name="pseudonym"/>; as a referrer it is forgotten (no message goes to it). True when anything changed.
    /// </summary>
    public static bool Forget(CustomerState state, string customerId, string pseudonym)
    {
        var changed = false;
        for (var i = 0; i < state.Referrals.Count; i++)
        {
            if (state.Referrals[i].ReferredCustomerId == customerId)
            {
                state.Referrals[i] = state.Referrals[i] with { ReferredCustomerId = pseudonym };
                changed = true;
            }
        }

        for (var i = 0; i < state.ConvertedReferrals.Count; i++)
        {
            if (state.ConvertedReferrals[i] == customerId)
            {
                state.ConvertedReferrals[i] = pseudonym;
                changed = true;
            }
        }

        return state.Referrers.Remove(customerId) || changed;
    }

    public static void AddNps(CustomerState state, CustomerEvent e)
    {
        var candidate = new NpsMark(e.OccurredAt, e.Id, e.Score!.Value);
        if (state.LatestNps is not { } latest || IsNewer(candidate.At, candidate.EventId, latest.At, latest.EventId))
        {
            state.LatestNps = candidate;
        }
    }

    public static void AddReferral(CustomerState state, CustomerEvent e, RuleOptions options)
    {
        var referred = e.ReferredCustomerId!;
        var index = state.Referrals.FindIndex(r => r.ReferredCustomerId == referred);
        if (index >= 0)
        {
            var existing = state.Referrals[index];
            state.Referrals[index] = existing with { At = Days.Max(existing.At, e.OccurredAt) };
        }
        else
        {
            state.Referrals.Add(new ReferralRecord(referred, e.OccurredAt));
        }

        Prune(state, options);
    }

    /// <summary>Remembers that a referred customer has ordered, whichever arrives first: this or the referral.</summary>
    public static void Convert(CustomerState state, string referredCustomerId, RuleOptions options)
    {
        if (!state.ConvertedReferrals.Contains(referredCustomerId))
        {
            state.ConvertedReferrals.Add(referredCustomerId);
            if (state.ConvertedReferrals.Count > options.MaxTrackedReferrals)
            {
                state.ConvertedReferrals.RemoveAt(0);
            }
        }
    }

    /// <summary>Drops referrals that can no longer count and keeps the newest within the cap.</summary>
    public static void Prune(CustomerState state, RuleOptions options)
    {
        if (state.NewestEventAt is { } newest)
        {
            // One day of slack keeps items that are still in the window for a clock slightly behind the newest event.
            var expired = newest - Days.Span(options.AdvocacyWindowDays + 1);
            state.Referrals.RemoveAll(r => r.At <= expired);
        }

        if (state.Referrals.Count > options.MaxTrackedReferrals)
        {
            state.Referrals.Sort((a, b) => b.At.CompareTo(a.At));
            state.Referrals.RemoveRange(options.MaxTrackedReferrals, state.Referrals.Count - options.MaxTrackedReferrals);
        }
    }

    private static int NewestFirst(EventMark a, EventMark b) =>
        IsNewer(a.At, a.EventId, b.At, b.EventId) ? -1 : IsNewer(b.At, b.EventId, a.At, a.EventId) ? 1 : 0;

    private static bool IsNewer(DateTimeOffset at, string eventId, DateTimeOffset otherAt, string otherEventId) =>
        at > otherAt || (at == otherAt && string.CompareOrdinal(eventId, otherEventId) > 0);
}

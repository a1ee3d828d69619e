using Orleans.Concurrency;

namespace LifecycleActors.Abstractions;

/// <summary>A transition offered to a campaign, with what its filters look at in the customer at that moment.</summary>
/// <param name="TraceParent">
/// The W3C <c>traceparent</c> of the transition's span when it was traced, for the campaign's send to link to; null
/// otherwise, and in feeds stored before it existed.
/// </param>
[GenerateSerializer, Immutable, Alias("lifecycle.CampaignCandidate")]
public sealed record CampaignCandidate(
    [property: Id(0)] TransitionRecord Transition,
    [property: Id(1)] string Stage,
    [property: Id(2)] bool Vip,
    [property: Id(3)] bool Advocate,
    [property: Id(4)] decimal Spend365,
    [property: Id(5)] string? TraceParent = null);

/// <summary>
/// One campaign of one tenant (key <c>tenant/campaignId</c>). Fed every matching transition at least once by the
/// customers; records each campaign entry once (campaign, customer, transition sequence) and acts on the due
/// ones: a signed webhook or an agent task, within consent, caps and quiet hours.
/// </summary>
[Alias("lifecycle.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>
    /// Enters the customers the campaign admits; a candidate entered before changes nothing. Interleaves with the
    /// send pass, so a customer never waits on a receiver that is slow to answer.
    /// </summary>
    [Alias("Enter")]
    [AlwaysInterleave]
    Task EnterAsync(IReadOnlyList<CampaignCandidate> candidates);

    /// <summary>
    /// Re-reads the definition (after pause or resume) and resumes sending. Interleaves with the send pass, so a
    /// pause takes effect at once, before the pass's next entry.
    /// </summary>
    [Alias("Reload")]
    [AlwaysInterleave]
    Task ReloadAsync();

    /// <summary>Keeps the send loop running (called by every silo's keeper, so a campaign comes back after a crash).</summary>
    [Alias("EnsureRunning")]
    [AlwaysInterleave]
    Task EnsureRunningAsync();

    /// <summary>Acts on every entry due now; answers how many it handled.</summary>
    [Alias("RunDue")]
    Task<int> RunDueAsync();
}

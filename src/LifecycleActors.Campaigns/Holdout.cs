using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Campaigns;

/// <summary>
/// The control group: a customer is held out of a campaign (entered, never sent to, conversions still counted) when
/// a hash of (campaign, customer) falls below the campaign's percentage. Deterministic, so a transition handed
/// over again or a restart puts the customer in the same group, and independent between campaigns.
/// </summary>
public static class Holdout
{
    public static bool IsHeldOut(string campaignId, string customerId, int percent)
    {
        if (percent <= 0)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(campaignId + "\n" + customerId), hash);
        var bucket = BitConverter.ToUInt32(hash[..4]) % 10_000;
        return bucket < percent * 100;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace LifecycleActors.Grains.Campaigns;

/// <summary>An advocate's referral code: stable for the customer, not guessable from the id alone without the tenant.</summary>
public static class ReferralCode
{
    public static string Of(string tenant, string customerId) =>
        "REF-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tenant + "\n" + customerId)))[..10];
}

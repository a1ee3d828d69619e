using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Prediction;

/// <summary>Facts of a customer's purchase days that the prediction model uses.</summary>
public static class PurchaseHistory
{
    /// <summary>The mean net spend of the purchase days after the first; null with fewer than two.</summary>
    public static double? RepeatMeanValue(IReadOnlyList<PurchaseDay> days)
    {
        if (days.Count < 2)
        {
            return null;
        }

        var total = 0m;
        for (var i = 1; i < days.Count; i++)
        {
            total += days[i].Net;
        }

        return (double)(total / (days.Count - 1));
    }
}

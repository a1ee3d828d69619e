using LifecycleActors.Rules;
using LifecycleActors.Rules.Evaluation;
using LifecycleActors.Rules.Prediction;
using LifecycleActors.Rules.State;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Grains;

/// <summary>What one customer contributes to its tenant's population facts and prediction model.</summary>
public static class PopulationMapping
{
    public static PopulationInputs InputsOf(CustomerState state, CustomerView view)
    {
        var days = state.PurchaseDays;
        return new PopulationInputs(
            view.Spend365,
            view.GapSource == GapSource.Own ? view.ExpectedGapDays : null,
            days.Count,
            days.Count > 0 ? days[0].Day : null,
            days.Count > 0 ? days[^1].Day : null,
            PurchaseHistory.RepeatMeanValue(days));
    }
}

namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// One customer's purchase history as the BG/NBD model sees it, in days: x = repeat purchase days (distinct purchase
/// days − 1), t_x = days from first to last purchase day, T = days from first purchase day to now.
/// </summary>
public readonly record struct PurchaseSummary(int Frequency, double RecencyDays, double AgeDays);

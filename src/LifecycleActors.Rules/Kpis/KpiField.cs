namespace LifecycleActors.Rules.Kpis;

/// <summary>
/// What a KPI cell counts on its local day (ADR 0014). Cells add up over customers: the KPI store keeps their sums
/// per (day, field), and every figure of a period is read from those sums.
/// </summary>
public enum KpiField
{
    /// <summary>Orders placed that day (one per orderId, at its canonical placement).</summary>
    Orders = 1,

    /// <summary>The net amounts of those orders as known now.</summary>
    Revenue = 2,

    /// <summary>Customers whose first order ever was placed that day.</summary>
    NewBuyers = 3,

    /// <summary>Orders that are their customer's first of the day, ISO week or month (one per buyer of each period).</summary>
    FirstOfDay = 4,
    FirstOfWeek = 5,
    FirstOfMonth = 6,

    /// <summary>Of those, the ones whose customer also bought in the day, week or month before.</summary>
    RetainedDay = 7,
    RetainedWeek = 8,
    RetainedMonth = 9,

    /// <summary>
    /// Changes in the customers with an order in the 365 local days before a day: summed over the days up to and
    /// including day T, the number of customers with an order on days T − 365 … T − 1.
    /// </summary>
    OrderedInYearBefore = 10,

    /// <summary>Changes in the customers known (first event) and in each stage's count; counted at the next midnight.</summary>
    Known = 20,
    Prospect = 21,
    OneTime = 22,
    Repeat = 23,
    AtRisk = 24,
    Lapsed = 25,
    Churned = 26,
    Vip = 27,
    Advocate = 28,

    /// <summary>Headline changes by their transition's day.</summary>
    EnteredLapsed = 30,
    Reactivated = 31,
    NewVip = 32,
    NewAdvocate = 33,

    /// <summary>NPS answers that day with score 0; <c>NpsScore0 + k</c> counts score k (0..10).</summary>
    NpsScore0 = 40,

    /// <summary>
    /// On the first day of a cohort month: <c>CohortMonth0 + n</c> counts the cohort's customers with an order in the
    /// n-th month after it (n = 0 is the cohort's size).
    /// </summary>
    CohortMonth0 = 100,
}

/// <summary>One cell: a field on a local day (its <see cref="DateOnly.DayNumber"/>).</summary>
public readonly record struct KpiCell(int Day, int Field);

namespace LifecycleActors.Rules.Kpis;

/// <summary>Each customer's stage and flags along customer time, read from its transitions ordered by (at, sequence).</summary>
internal sealed class TransitionTimelines
{
    private static readonly string[] StageNames = Enum.GetValues<Stage>().Select(s => s.ToWireName()).ToArray();
    private readonly KeyValuePair<string, DateTimeOffset>[] _customers;
    private readonly Dictionary<string, Timeline> _byCustomer = new(StringComparer.Ordinal);
    private readonly KpiTransition[] _all;
    private readonly DateTimeOffset[] _allTimes;

    public TransitionTimelines(KpiHistory history)
    {
        _customers = history.Customers.ToArray();
        _all = history.Transitions.OrderBy(t => t.At).ThenBy(t => t.Sequence).ToArray();
        _allTimes = _all.Select(t => t.At).ToArray();
        foreach (var group in _all.GroupBy(t => t.CustomerId, StringComparer.Ordinal))
        {
            _byCustomer[group.Key] = new Timeline(
                group.Where(t => t.Kind == "stage").ToArray(),
                group.Where(t => t.Kind == "vip").ToArray(),
                group.Where(t => t.Kind == "advocate").ToArray());
        }
    }

    /// <summary>
    /// Stage mix and flag counts of the customers known before each of <paramref name="instants"/>, as they stood
    /// then. One sweep: each customer contributes a change at its first event (it becomes known with the stage and
    /// flags of its transitions up to then) and at each later transition; a state at t holds every change before t.
    /// </summary>
    public IReadOnlyDictionary<DateTimeOffset, PopulationState> StatesAt(IEnumerable<DateTimeOffset> instants)
    {
        var changes = Changes();
        changes.Sort((a, b) => a.At.CompareTo(b.At));
        var stages = StageNames.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        int known = 0, vip = 0, advocate = 0, next = 0;
        var states = new Dictionary<DateTimeOffset, PopulationState>();
        foreach (var instant in instants.Distinct().Order())
        {
            for (; next < changes.Count && changes[next].At < instant; next++)
            {
                var change = changes[next];
                known += change.Known;
                vip += change.Vip;
                advocate += change.Advocate;
                if (change.LeftStage is { } left)
                {
                    stages[left] -= 1;
                }

                if (change.EnteredStage is { } entered)
                {
                    stages[entered] = stages.GetValueOrDefault(entered) + 1;
                }
            }

            states[instant] = new PopulationState(known, new Dictionary<string, int>(stages, StringComparer.Ordinal), vip, advocate);
        }

        return states;
    }

    /// <summary>
    /// What each customer's first event and later transitions change in the population's counts, unordered: the
    /// changes <see cref="StatesAt"/> sweeps over, and the per-day deltas the KPI store keeps (<see cref="KpiCells"/>).
    /// </summary>
    internal List<Change> Changes()
    {
        var changes = new List<Change>(_customers.Length + _all.Length);
        foreach (var (customerId, firstSeen) in _customers)
        {
            if (!_byCustomer.TryGetValue(customerId, out var timeline))
            {
                changes.Add(new Change(firstSeen, 1, null, "prospect", 0, 0));
                continue;
            }

            // Known from its first event with what its transitions say up to then, changed by each later one.
            var stage = LatestAtOrBefore(timeline.Stage, firstSeen)?.To ?? "prospect";
            var isVip = LatestAtOrBefore(timeline.Vip, firstSeen)?.To == "true";
            var isAdvocate = LatestAtOrBefore(timeline.Advocate, firstSeen)?.To == "true";
            changes.Add(new Change(firstSeen, 1, null, stage, isVip ? 1 : 0, isAdvocate ? 1 : 0));
            foreach (var t in timeline.Stage.Where(t => t.At > firstSeen))
            {
                changes.Add(new Change(t.At, 0, stage, t.To, 0, 0));
                stage = t.To;
            }

            foreach (var t in timeline.Vip.Where(t => t.At > firstSeen))
            {
                var now = t.To == "true";
                changes.Add(new Change(t.At, 0, null, null, (now ? 1 : 0) - (isVip ? 1 : 0), 0));
                isVip = now;
            }

            foreach (var t in timeline.Advocate.Where(t => t.At > firstSeen))
            {
                var now = t.To == "true";
                changes.Add(new Change(t.At, 0, null, null, 0, (now ? 1 : 0) - (isAdvocate ? 1 : 0)));
                isAdvocate = now;
            }
        }

        return changes;
    }

    /// <summary>Every transition, ordered by (at, sequence).</summary>
    internal IReadOnlyList<KpiTransition> All => _all;

    /// <summary>The headline changes and reactivations whose time falls in [start, end).</summary>
    public PeriodChanges ChangesIn(DateTimeOffset start, DateTimeOffset end)
    {
        int enteredLapsed = 0, reactivated = 0, newVip = 0, newAdvocate = 0;
        foreach (var t in KpiCalculator.Slice(_all, _allTimes, start, end))
        {
            switch (HeadlineOf(t))
            {
                case Headline.EnteredLapsed:
                    enteredLapsed++;
                    break;
                case Headline.Reactivated:
                    reactivated++;
                    break;
                case Headline.NewVip:
                    newVip++;
                    break;
                case Headline.NewAdvocate:
                    newAdvocate++;
                    break;
            }
        }

        return new PeriodChanges(enteredLapsed, reactivated, newVip, newAdvocate);
    }

    /// <summary>Which headline change a transition is, if any (contract §6, changes in P).</summary>
    internal static Headline HeadlineOf(KpiTransition t) => t.Kind switch
    {
        "stage" when t.To == "lapsed" => Headline.EnteredLapsed,
        "stage" when IsLost(t.From) && !IsLost(t.To) => Headline.Reactivated,
        "vip" when t.To == "true" => Headline.NewVip,
        "advocate" when t.To == "true" => Headline.NewAdvocate,
        _ => Headline.None,
    };

    private static bool IsLost(string stage) => stage is "lapsed" or "churned";

    private static KpiTransition? LatestAtOrBefore(KpiTransition[] ordered, DateTimeOffset instant)
    {
        KpiTransition? latest = null;
        foreach (var t in ordered)
        {
            if (t.At > instant)
            {
                break;
            }

            latest = t;
        }

        return latest;
    }

    private sealed record Timeline(KpiTransition[] Stage, KpiTransition[] Vip, KpiTransition[] Advocate);

    /// <summary>What one instant changes in the counts: a customer becoming known, leaving and entering a stage, flags ±1.</summary>
    internal sealed record Change(DateTimeOffset At, int Known, string? LeftStage, string? EnteredStage, int Vip, int Advocate);
}

/// <summary>The customers known at an instant, their stage mix and flag counts.</summary>
internal sealed record PopulationState(int Customers, Dictionary<string, int> Stages, int Vip, int Advocate);

/// <summary>The headline changes a transition can be.</summary>
internal enum Headline
{
    None,
    EnteredLapsed,
    Reactivated,
    NewVip,
    NewAdvocate,
}

/// <summary>Counts of changes within one period.</summary>
internal sealed record PeriodChanges(int EnteredLapsed, int Reactivated, int NewVip, int NewAdvocate);

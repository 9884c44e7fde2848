using KanbanCustomer.Api.Common;

namespace KanbanCustomer.Api.Flow;

public enum FlowGroupBy
{
    None,
    Swimlane,
    CustomerKind,
}

public sealed record DayCount(DateOnly Date, int Count);

public sealed record HistogramBin(int Days, int Count);

/// <summary>Cycle times of the cards finished in the window; percentiles are null when none finished.</summary>
public sealed record CycleTimes(double? P50, double? P85, double? P95, int Count, IReadOnlyList<HistogramBin> Histogram);

public sealed record CardAge(Guid CardId, double Days, bool IsAtRisk);

public sealed record ColumnFlow(FlowColumn Column, IReadOnlyList<DayCount> Days);

public sealed record BlockedDays(double Total, double? PerCycle);

/// <summary>The measures of one group of cards (docs/flow-metrics.md).</summary>
public sealed record FlowGroup(
    string Key,
    CycleTimes CycleTime,
    IReadOnlyList<DayCount> Throughput,
    IReadOnlyList<DayCount> Wip,
    IReadOnlyList<CardAge> Age,
    IReadOnlyList<ColumnFlow> CumulativeFlow,
    double? Sle,
    BlockedDays BlockedDays);

public sealed record FlowMetrics(FlowWindow Window, IReadOnlyList<FlowGroup> Groups);

/// <summary>The measures of a window from the cards' flows (<see cref="CardFlow"/>), per group.</summary>
public static class FlowCalculator
{
    public static FlowMetrics Compute(FlowBoard board, IReadOnlyList<CardFlow> cards, FlowWindow window, FlowGroupBy groupBy)
    {
        var groups = cards.GroupBy(c => groupBy switch
            {
                FlowGroupBy.Swimlane => Ids.Global("Swimlane", c.SwimlaneId),
                FlowGroupBy.CustomerKind => c.CustomerKind.ToString().ToUpperInvariant(),
                _ => "ALL",
            })
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, board, g.ToList(), window))
            .ToList();
        if (groups.Count == 0 && groupBy == FlowGroupBy.None)
            groups.Add(Group("ALL", board, [], window));
        return new FlowMetrics(window, groups);
    }

    private static FlowGroup Group(string key, FlowBoard board, List<CardFlow> cards, FlowWindow window)
    {
        var finished = cards.Where(c => c.FinishedAt is { } f && f >= window.From && f <= window.AsOf).ToList();
        var cycleDays = finished.Select(c => (c.FinishedAt!.Value - c.StartedAt!.Value).TotalDays).Order().ToList();
        var sle = Percentile(cycleDays, 85);
        var inFlight = cards.Where(c => c.States.Count > 0 && c.States[^1].InFlight).ToList();
        var age = inFlight
            .Select(c => (window.AsOf - c.StartedAt!.Value).TotalDays)
            .Zip(inFlight, (days, c) => new CardAge(c.CardId, days, sle is { } limit && days > limit))
            .OrderByDescending(a => a.Days)
            .ToList();
        var blocked = finished.Sum(c => c.BlockedInCycle.TotalDays);
        return new FlowGroup(
            key,
            new CycleTimes(sle is null ? null : Percentile(cycleDays, 50), sle, Percentile(cycleDays, 95), cycleDays.Count,
                cycleDays.GroupBy(d => (int)Math.Floor(d)).OrderBy(g => g.Key).Select(g => new HistogramBin(g.Key, g.Count())).ToList()),
            window.Days.Select(d => new DayCount(d.Date, finished.Count(c => c.FinishedAt >= d.Start && c.FinishedAt < d.End))).ToList(),
            window.Days.Select(d => new DayCount(d.Date, cards.Count(c => c.StateBefore(d.End) is { InFlight: true }))).ToList(),
            age,
            CumulativeFlow(board, cards, window),
            sle,
            new BlockedDays(blocked, finished.Count == 0 ? null : blocked / finished.Count));
    }

    /// <summary>Per column, per day: the cards that stood there or in a later column at the end of the day (archived cards drop out, finished ones stay).</summary>
    private static List<ColumnFlow> CumulativeFlow(FlowBoard board, List<CardFlow> cards, FlowWindow window)
    {
        var positions = window.Days.Select(d => cards.Select(c => PositionAt(c, d.End)).Where(p => p is not null).Select(p => p!.Value).ToList()).ToList();
        return board.Columns
            .Select(column => new ColumnFlow(column, window.Days.Select((d, i) => new DayCount(d.Date, positions[i].Count(p => p >= column.Position))).ToList()))
            .ToList();
    }

    private static int? PositionAt(CardFlow card, DateTimeOffset time)
    {
        if (card.StateBefore(time) is not { } state)
            return null;
        if (state.Column is { } column)
            return column.Position;
        if (card.FinishedAt is not { } finished || finished >= time)
            return null;
        // Archived after finishing: it stays in the last column it stood in.
        return card.States.LastOrDefault(s => s.At < time && s.Column is not null).Column?.Position;
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least p% of the values at or below it; null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, int p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}

using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;

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

/// <summary>
/// The measures of a window from the flows of the cards that moved in it (<see cref="CardFlow"/>) and the counts of those
/// that stood still, per group. Each card's states are swept once onto the window's days (a state holds from its step to
/// the next, and a day is counted by where the card stood at its end), so the cost grows with steps, not steps x days.
/// </summary>
public static class FlowCalculator
{
    public static FlowMetrics Compute(FlowBoard board, IReadOnlyList<CardFlow> cards, IReadOnlyList<PlaceCount> still, FlowWindow window, FlowGroupBy groupBy)
    {
        // One key per lane and kind, made once: a board has a few, its cards many.
        var keys = new Dictionary<(Guid, CustomerKind), string>();
        string KeyOf(Guid lane, CustomerKind kind)
        {
            if (!keys.TryGetValue((lane, kind), out var key))
            {
                keys[(lane, kind)] = key = groupBy switch
                {
                    FlowGroupBy.Swimlane => Ids.Global("Swimlane", lane),
                    FlowGroupBy.CustomerKind => kind.ToString().ToUpperInvariant(),
                    _ => "ALL",
                };
            }

            return key;
        }

        var moving = cards.ToLookup(c => KeyOf(c.SwimlaneId, c.CustomerKind));
        var standing = still.ToLookup(s => KeyOf(s.Place.SwimlaneId, s.Place.CustomerKind));
        var groups = moving.Select(g => g.Key).Union(standing.Select(g => g.Key))
            .Order(StringComparer.Ordinal)
            .Select(key => Group(key, board, moving[key].ToList(), standing[key], window))
            .ToList();
        if (groups.Count == 0 && groupBy == FlowGroupBy.None)
            groups.Add(Group("ALL", board, [], [], window));
        return new FlowMetrics(window, groups);
    }

    private static FlowGroup Group(string key, FlowBoard board, List<CardFlow> cards, IEnumerable<PlaceCount> still, FlowWindow window)
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
        var days = new DaySweep(board, window);
        foreach (var card in cards)
            days.Add(card);
        foreach (var group in still)
            days.Add(group);
        var throughput = new int[window.Days.Count];
        foreach (var card in finished)
            throughput[days.DayOf(card.FinishedAt!.Value)]++;
        return new FlowGroup(
            key,
            new CycleTimes(sle is null ? null : Percentile(cycleDays, 50), sle, Percentile(cycleDays, 95), cycleDays.Count,
                cycleDays.GroupBy(d => (int)Math.Floor(d)).OrderBy(g => g.Key).Select(g => new HistogramBin(g.Key, g.Count())).ToList()),
            window.Days.Select((d, i) => new DayCount(d.Date, throughput[i])).ToList(),
            days.Wip(),
            age,
            days.CumulativeFlow(),
            sle,
            new BlockedDays(blocked, finished.Count == 0 ? null : blocked / finished.Count));
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least p% of the values at or below it; null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, int p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

    /// <summary>
    /// WIP and cumulative flow per day, as difference arrays over the days: a state that holds over a run of day ends
    /// adds one at the run's first day and takes it away after its last, so each state costs two binary searches.
    /// </summary>
    private sealed class DaySweep(FlowBoard board, FlowWindow window)
    {
        private readonly int[] _wip = new int[window.Days.Count + 1];

        /// <summary>Per column index (board order): cards standing exactly there at the end of each day.</summary>
        private readonly int[][] _at = board.Columns.Select(_ => new int[window.Days.Count + 1]).ToArray();

        /// <summary>The day an instant of the window falls on (a day ends where the next starts; the last one at as-of, inclusive).</summary>
        public int DayOf(DateTimeOffset time) => Math.Min(FirstEndAfter(time), window.Days.Count - 1);

        public void Add(CardFlow card)
        {
            FlowColumn? lastColumn = null;
            for (var i = 0; i < card.States.Count; i++)
            {
                var state = card.States[i];
                lastColumn = state.Column ?? lastColumn;
                // The state holds at every day end after its step, up to and including the next step.
                var first = FirstEndAfter(state.At);
                var end = i + 1 < card.States.Count ? FirstEndAfter(card.States[i + 1].At) : window.Days.Count;
                if (first >= end)
                    continue;
                if (state.InFlight)
                    Span(_wip, first, end, 1);
                // An archived card drops out, unless it finished before: then it stays where it last stood.
                var stands = state.Column ?? (card.FinishedAt is { } f && f <= state.At ? lastColumn : null);
                if (stands is not null)
                    Span(_at[Index(stands)], first, end, 1);
            }
        }

        /// <summary>
        /// Cards that stood still through the window (no step from its start on, not in flight): they count only here, where
        /// they stand now, an archived card only in a done column (it finished before it was archived).
        /// </summary>
        public void Add(PlaceCount group)
        {
            if (board.Column(group.Place.ColumnId) is { } column && (!group.Place.IsArchived || column.IsDone))
                Span(_at[Index(column)], 0, window.Days.Count, group.Count);
        }

        public List<DayCount> Wip() => Running(_wip).Select((count, i) => new DayCount(window.Days[i].Date, count)).ToList();

        /// <summary>Per column: the cards there or in a later column at the end of each day.</summary>
        public List<ColumnFlow> CumulativeFlow()
        {
            var atOrBeyond = new int[window.Days.Count];
            var bands = new ColumnFlow[board.Columns.Count];
            for (var c = board.Columns.Count - 1; c >= 0; c--)
            {
                var here = Running(_at[c]);
                for (var d = 0; d < atOrBeyond.Length; d++)
                    atOrBeyond[d] += here[d];
                bands[c] = new ColumnFlow(board.Columns[c], atOrBeyond.Select((count, d) => new DayCount(window.Days[d].Date, count)).ToList());
            }

            return [.. bands];
        }

        private int Index(FlowColumn column) => board.IndexOf(column);

        private static void Span(int[] diff, int first, int end, int count)
        {
            diff[first] += count;
            diff[end] -= count;
        }

        private int[] Running(int[] diff)
        {
            var counts = new int[window.Days.Count];
            var running = 0;
            for (var d = 0; d < counts.Length; d++)
                counts[d] = running += diff[d];
            return counts;
        }

        /// <summary>The first day whose end comes after <paramref name="time"/>; the day count if none.</summary>
        private int FirstEndAfter(DateTimeOffset time)
        {
            int low = 0, high = window.Days.Count;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (window.Days[mid].End > time)
                    high = mid;
                else
                    low = mid + 1;
            }

            return low;
        }
    }
}

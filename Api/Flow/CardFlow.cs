using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;

namespace KanbanCustomer.Api.Flow;

/// <summary>Where a card stood from <see cref="At"/> on: its column (null: archived, merged or in a removed column), in flight or not.</summary>
public readonly record struct FlowState(DateTimeOffset At, FlowColumn? Column, bool InFlight);

/// <summary>
/// One card's flow, walked from its steps in order (docs/flow-metrics.md):
/// the cycle starts the first time the card enters the commitment point or a column after it, and ends when it enters a
/// done column. A reopened card (moved out of done to a column that is not done) continues its first cycle: its
/// earlier finish no longer counts, and it finishes when it next enters done. Archiving leaves the flow (no finish,
/// out of WIP) but keeps a finish already made; restoring returns the card where it was.
/// </summary>
public sealed class CardFlow
{
    private readonly List<FlowState> _states;

    private CardFlow(Guid cardId, int steps)
    {
        CardId = cardId;
        _states = new List<FlowState>(steps);
    }

    public Guid CardId { get; }

    /// <summary>The lane and kind of the card's last step: what it is grouped by.</summary>
    public Guid SwimlaneId { get; private set; }

    public CustomerKind CustomerKind { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When the card last entered done, while it has not left done for another column since; null otherwise.</summary>
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Time blocked between the start and the finish (or the end of the steps, while in flight).</summary>
    public TimeSpan BlockedInCycle { get; private set; }

    public IReadOnlyList<FlowState> States => _states;

    /// <summary>The card's flow from its steps, oldest first; steps after <paramref name="asOf"/> are left out.</summary>
    public static CardFlow Walk(Guid cardId, ReadOnlySpan<FlowStep> steps, FlowBoard board, DateTimeOffset asOf)
    {
        var flow = new CardFlow(cardId, steps.Length);
        DateTimeOffset? blockedSince = null;
        foreach (var step in steps)
        {
            if (step.At > asOf)
                continue;
            var column = board.Column(step.ColumnId);
            if (column is not null && board.IsCommitted(column))
                flow.StartedAt ??= step.At;
            if (column is { IsDone: true })
                flow.FinishedAt ??= step.At;
            else if (column is not null)
                flow.FinishedAt = null; // reopened, or never done
            if (blockedSince is { } since && !step.IsBlocked)
                flow.BlockedInCycle += flow.BlockedWithinCycle(since, step.At);
            blockedSince = step.IsBlocked ? blockedSince ?? step.At : null;
            flow.SwimlaneId = step.SwimlaneId;
            flow.CustomerKind = step.CustomerKind;
            var inFlight = flow.StartedAt is not null && column is { IsDone: false };
            flow._states.Add(new FlowState(step.At, column, inFlight));
        }

        if (blockedSince is { } stillBlocked)
            flow.BlockedInCycle += flow.BlockedWithinCycle(stillBlocked, asOf);
        return flow;
    }

    /// <summary>The state after every step before <paramref name="time"/>; null before the card existed.</summary>
    public FlowState? StateBefore(DateTimeOffset time)
    {
        FlowState? found = null;
        foreach (var state in _states)
        {
            if (state.At >= time)
                break;
            found = state;
        }

        return found;
    }

    private TimeSpan BlockedWithinCycle(DateTimeOffset from, DateTimeOffset to)
    {
        if (StartedAt is not { } start)
            return TimeSpan.Zero;
        var end = FinishedAt is { } finish && finish < to ? finish : to;
        var begin = from > start ? from : start;
        return end > begin ? end - begin : TimeSpan.Zero;
    }
}

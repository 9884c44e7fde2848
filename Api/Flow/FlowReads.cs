using System.Linq.Expressions;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace KanbanCustomer.Api.Flow;

/// <summary>The cards a <c>where</c> selects: how it narrows a card query, and a key for the cache (the condition as written).</summary>
public sealed record FlowCards(string Key, Func<IQueryable<Card>, IQueryable<Card>> Narrow);

/// <summary>
/// Reads a board's flow history and computes its measures, cached per board and window under the board's last event
/// number: any write to the board bumps it, so a refresh of an unchanged board computes nothing. A window that reaches
/// past now is measured as of now and kept for the rest of that minute, so every step is counted at once (each one bumps
/// the number) while ages move on at most a minute late.
/// </summary>
public sealed class FlowReads(TimeProvider time) : IDisposable
{
    /// <summary>The window that <c>Card.age</c> and <c>Card.isAtRisk</c> measure the SLE over.</summary>
    public static readonly TimeSpan CardWindow = TimeSpan.FromDays(90);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 500 });

    public async Task<FlowMetrics> MetricsAsync(KanbanDbContext db, Guid boardId, DateTimeOffset from, DateTimeOffset to, FlowGroupBy groupBy,
        string timeZone, FlowCards? cards, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = FlowWindow.Check(from, to, timeZone, now);
        var seq = await db.Boards.AsNoTracking().Where(b => b.Id == boardId).Select(b => b.LastEventSeq).SingleAsync(cancellationToken);
        var minute = window.AsOf.UtcTicks / TimeSpan.TicksPerMinute;
        var key = (boardId, seq, window.From, window.To, minute, window.Zone.Id, groupBy, cards?.Key);
        if (_cache.TryGetValue(key, out FlowMetrics? cached))
            return cached!;
        var metrics = await MeasureAsync(db, boardId, window, groupBy, cards?.Narrow, cancellationToken);
        _cache.Set(key, metrics, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return metrics;
    }

    /// <summary>The age and risk of the board's cards in flight, on its last 90 days; a card not listed is not in flight.</summary>
    public async Task<Dictionary<Guid, CardAge>> CardAgesAsync(KanbanDbContext db, Guid boardId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var metrics = await MetricsAsync(db, boardId, now - CardWindow, now, FlowGroupBy.None, "UTC", null, cancellationToken);
        return metrics.Groups.SelectMany(g => g.Age).ToDictionary(a => a.CardId);
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>A timeline as the measures read it: only what they use, not the tracked row.</summary>
    private sealed record MovingCard(Guid CardId, CardPlace Place, byte[] Steps);

    private static readonly Expression<Func<CardTimeline, MovingCard>> Moving =
        t => new MovingCard(t.CardId, new CardPlace(t.SwimlaneId, t.CustomerKind, t.ColumnId, t.IsArchived), t.Steps);

    /// <summary>
    /// The measures of a checked window, uncached: what a cache miss costs (the flow benchmark times it). Only the cards
    /// that can change during the window are walked step by step, from their timelines (<see cref="CardTimeline"/>):
    /// those that stepped since its start, and those in flight now. Every other card stood still through the window where
    /// it stands now; those are counted from the board's card counts (<see cref="CardCount"/>) less the walked ones.
    /// <paramref name="narrow"/> keeps the cards a <c>where</c> selects (by what they are now).
    /// </summary>
    public static async Task<FlowMetrics> MeasureAsync(KanbanDbContext db, Guid boardId, FlowWindow window, FlowGroupBy groupBy,
        Func<IQueryable<Card>, IQueryable<Card>>? narrow, CancellationToken cancellationToken)
    {
        var columns = await db.Columns.AsNoTracking().Where(c => c.BoardId == boardId)
            .Select(c => new FlowColumn(c.Id, c.Name, c.Position, c.IsCommitmentPoint, c.IsDone))
            .ToListAsync(cancellationToken);
        var board = new FlowBoard(columns);
        var flightColumns = board.Columns.Where(c => board.IsCommitted(c) && !c.IsDone).Select(c => c.Id).ToList();
        // The timelines that can have changed since the window began: stepped since, or in flight now. The second read
        // leads with the column, so it takes the column index, not a walk of the board.
        var timelines = db.CardTimelines.AsNoTracking();
        IQueryable<Card>? cards = null;
        if (narrow is not null)
        {
            cards = narrow(db.Cards.Where(c => c.BoardId == boardId));
            timelines = timelines.Where(t => cards.Any(c => c.Id == t.CardId));
        }

        var moving = (await timelines.Where(t => t.BoardId == boardId && t.LastStepAt >= window.From).Select(Moving).ToListAsync(cancellationToken))
            .Concat(await timelines.Where(t => flightColumns.Contains(t.ColumnId) && !t.IsArchived).Select(Moving).ToListAsync(cancellationToken))
            .DistinctBy(t => t.CardId)
            .ToList();
        var flows = new List<CardFlow>(moving.Count);
        var buffer = new FlowStep[64];
        foreach (var card in moving)
        {
            if (buffer.Length * CardTimeline.StepSize < card.Steps.Length)
                buffer = new FlowStep[card.Steps.Length / CardTimeline.StepSize];
            if (CardFlow.Walk(card.CardId, CardTimeline.Read(card.Steps, buffer), board, window.AsOf) is { States.Count: > 0 } flow)
                flows.Add(flow);
        }

        // Every other card stood still through the window where it stands now: the board's cards as counted on save
        // (or, for a where, counted in SQL), less the moving ones, per place.
        var standing = await (cards is null
            ? db.CardCounts.Where(c => c.BoardId == boardId)
                .Select(c => new PlaceCount(new CardPlace(c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived), c.Count))
            : CardCounts.ByPlace(cards)).ToListAsync(cancellationToken);
        var movingAt = moving.CountBy(t => t.Place).ToDictionary();
        var still = standing
            .Select(s => s with { Count = s.Count - movingAt.GetValueOrDefault(s.Place) })
            .Where(s => s.Count > 0)
            .ToList();
        return FlowCalculator.Compute(board, flows, still, window, groupBy);
    }
}

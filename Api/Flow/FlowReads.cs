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

    /// <summary>
    /// The measures of a checked window, uncached: what a cache miss costs (the flow benchmark times it). Only the cards
    /// that can change during the window are walked step by step: those with a step at or after its start, and those in
    /// flight now. Every other card stood still through the window where it stands now; those are only counted, in SQL.
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
        var cards = db.Cards.AsNoTracking().Where(c => c.BoardId == boardId);
        if (narrow is not null)
            cards = narrow(cards);

        // The cards that can have changed since the window began: touched since (every step touches its card), or in
        // flight now. The second read leads with the column, so it takes the column index, not a walk of the board.
        var recent = await cards.Where(c => c.LastActivityAt >= window.From).Select(c => new Moving(c.Id, c.CreatedAt, c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived))
            .ToListAsync(cancellationToken);
        var flight = db.Cards.Where(c => flightColumns.Contains(c.ColumnId) && !c.IsArchived);
        var moving = recent
            .Concat(await (narrow is null ? flight : narrow(flight)).Select(c => new Moving(c.Id, c.CreatedAt, c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived))
                .ToListAsync(cancellationToken))
            .DistinctBy(c => c.Id)
            .ToList();

        // The window's own steps by the index (BoardId, At); before it, only the steps of the moving cards that began
        // before it.
        var older = moving.Where(c => c.CreatedAt < window.From).Select(c => c.Id).ToList();
        var inWindow = db.CardTransitions.Where(t => t.BoardId == boardId && t.At >= window.From && t.At <= window.AsOf);
        if (narrow is not null)
            inWindow = inWindow.Where(t => cards.Any(c => c.Id == t.CardId));
        var steps = await inWindow
            .Concat(db.CardTransitions.Where(t => EF.Parameter(older).Contains(t.CardId) && t.At < window.From))
            .AsNoTracking()
            .Select(t => new FlowStep(t.CardId, t.EventSeq, t.At, t.ColumnId, t.SwimlaneId, t.CustomerKind, t.IsBlocked))
            .ToArrayAsync(cancellationToken);
        var still = narrow is null
            ? await StillFromCountsAsync(db, boardId, moving, cancellationToken)
            : await cards
                .Where(c => c.LastActivityAt < window.From && !(!c.IsArchived && flightColumns.Contains(c.ColumnId)))
                .GroupBy(c => new { c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived })
                .Select(g => new StillCards(g.Key.SwimlaneId, g.Key.CustomerKind, g.Key.ColumnId, g.Key.IsArchived, g.Count()))
                .ToListAsync(cancellationToken);
        return FlowCalculator.Compute(board, Walk(steps, board, window.AsOf), still, window, groupBy);
    }

    /// <summary>A card that may have moved during the window, where it stands now.</summary>
    private sealed record Moving(Guid Id, DateTimeOffset CreatedAt, Guid SwimlaneId, CustomerKind CustomerKind, Guid ColumnId, bool IsArchived);

    /// <summary>
    /// The cards that stood still, per place: the board's cards as counted on save (<see cref="CardCount"/>), less the
    /// moving ones. A count of a hundred rows instead of a pass over every card.
    /// </summary>
    private static async Task<List<StillCards>> StillFromCountsAsync(KanbanDbContext db, Guid boardId, List<Moving> moving,
        CancellationToken cancellationToken)
    {
        var movingHere = moving.CountBy(c => (c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived)).ToDictionary();
        return (await db.CardCounts.AsNoTracking().Where(c => c.BoardId == boardId).ToListAsync(cancellationToken))
            .Select(c => new StillCards(c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived,
                c.Count - movingHere.GetValueOrDefault((c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived))))
            .Where(s => s.Count > 0)
            .ToList();
    }

    /// <summary>Each card's flow, from its steps sorted once into card order and step order within each card.</summary>
    private static List<CardFlow> Walk(FlowStep[] steps, FlowBoard board, DateTimeOffset asOf)
    {
        Array.Sort(steps, static (a, b) => a.CardId != b.CardId ? a.CardId.CompareTo(b.CardId) : a.EventSeq.CompareTo(b.EventSeq));
        var flows = new List<CardFlow>();
        for (var first = 0; first < steps.Length;)
        {
            var end = first + 1;
            while (end < steps.Length && steps[end].CardId == steps[first].CardId)
                end++;
            flows.Add(CardFlow.Walk(steps[first].CardId, steps.AsSpan(first, end - first), board, asOf));
            first = end;
        }

        return flows;
    }
}

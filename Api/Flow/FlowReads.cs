using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace KanbanCustomer.Api.Flow;

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
        string timeZone, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = FlowWindow.Check(from, to, timeZone, now);
        var seq = await db.Boards.AsNoTracking().Where(b => b.Id == boardId).Select(b => b.LastEventSeq).SingleAsync(cancellationToken);
        var minute = window.AsOf.UtcTicks / TimeSpan.TicksPerMinute;
        var key = (boardId, seq, window.From, window.To, minute, window.Zone.Id, groupBy);
        if (_cache.TryGetValue(key, out FlowMetrics? cached))
            return cached!;
        var metrics = await ComputeAsync(db, boardId, window, groupBy, cancellationToken);
        _cache.Set(key, metrics, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return metrics;
    }

    /// <summary>The age and risk of the board's cards in flight, on its last 90 days; a card not listed is not in flight.</summary>
    public async Task<Dictionary<Guid, CardAge>> CardAgesAsync(KanbanDbContext db, Guid boardId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var metrics = await MetricsAsync(db, boardId, now - CardWindow, now, FlowGroupBy.None, "UTC", cancellationToken);
        return metrics.Groups.SelectMany(g => g.Age).ToDictionary(a => a.CardId);
    }

    public void Dispose() => _cache.Dispose();

    private static async Task<FlowMetrics> ComputeAsync(KanbanDbContext db, Guid boardId, FlowWindow window, FlowGroupBy groupBy,
        CancellationToken cancellationToken)
    {
        var columns = await db.Columns.AsNoTracking().Where(c => c.BoardId == boardId)
            .Select(c => new FlowColumn(c.Id, c.Name, c.Position, c.IsCommitmentPoint, c.IsDone))
            .ToListAsync(cancellationToken);
        var board = new FlowBoard(columns);
        // The board's steps up to the window's end, narrow rows in card order (index BoardId, At).
        var steps = await db.CardTransitions.AsNoTracking()
            .Where(t => t.BoardId == boardId && t.At <= window.AsOf)
            .OrderBy(t => t.CardId).ThenBy(t => t.EventSeq)
            .Select(t => new FlowStep(t.CardId, t.At, t.ColumnId, t.SwimlaneId, t.CustomerKind, t.IsBlocked))
            .ToListAsync(cancellationToken);
        var cards = steps.GroupBy(s => s.CardId).Select(g => CardFlow.Walk(g.Key, g.ToList(), board, window.AsOf)).ToList();
        return FlowCalculator.Compute(board, cards, window, groupBy);
    }
}

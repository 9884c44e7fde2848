using KanbanCustomer.Api.GraphQL;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Cards;

/// <summary>Which cards a list field shows: a board's, optionally narrowed to one column and one swimlane.</summary>
public readonly record struct CardListKey(Guid BoardId, Guid? ColumnId, Guid? SwimlaneId, bool IncludeArchived);

/// <summary>How many votes a card has and whether the viewer cast one of them.</summary>
public readonly record struct VoteTally(int Count, bool ViewerHasVoted);

/// <summary>Per-request loaders for cards and their children; each runs one query per distinct list shape.</summary>
public sealed class CardLoaders : IRequestLoaders
{
    public CardLoaders(KanbanDbContext db, ICurrentActor viewer)
    {
        Cards = new((keys, ct) => LoadCardListsAsync(db, keys, ct), []);
        CardById = new(async (ids, ct) =>
            await db.Cards.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (Card?)c, ct), null);
        EvidenceByCard = new(async (ids, ct) =>
            (await db.Evidence.AsNoTracking().Where(e => ids.Contains(e.CardId)).OrderBy(e => e.RecordedAt).ThenBy(e => e.Id).ToListAsync(ct))
                .GroupBy(e => e.CardId).ToDictionary(g => g.Key, g => (IReadOnlyList<Evidence>)g.ToList()), []);
        VotesByCard = new(async (ids, ct) =>
            await db.Votes.Where(v => ids.Contains(v.CardId))
                .GroupBy(v => v.CardId)
                .Select(g => new { g.Key, Count = g.Count(), Mine = g.Any(v => v.VoterId == viewer.Id) })
                .ToDictionaryAsync(g => g.Key, g => new VoteTally(g.Count, g.Mine), ct), default);
        EventsByCard = new(async (ids, ct) =>
            (await db.BoardEvents.AsNoTracking().Where(e => e.CardId != null && ids.Contains(e.CardId.Value)).OrderBy(e => e.Seq).ToListAsync(ct))
                .GroupBy(e => e.CardId!.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<BoardEvent>)g.ToList()), []);
    }

    public BatchLoader<CardListKey, IReadOnlyList<Card>> Cards { get; }

    public BatchLoader<Guid, Card?> CardById { get; }

    public BatchLoader<Guid, IReadOnlyList<Evidence>> EvidenceByCard { get; }

    public BatchLoader<Guid, VoteTally> VotesByCard { get; }

    public BatchLoader<Guid, IReadOnlyList<BoardEvent>> EventsByCard { get; }

    public void Clear()
    {
        Cards.Clear();
        CardById.Clear();
        EvidenceByCard.Clear();
        VotesByCard.Clear();
        EventsByCard.Clear();
    }

    private static async Task<Dictionary<CardListKey, IReadOnlyList<Card>>> LoadCardListsAsync(
        KanbanDbContext db, IReadOnlyList<CardListKey> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<CardListKey, IReadOnlyList<Card>>();
        // Keys of one shape share a query: the boards (and columns) vary, the filter does not.
        foreach (var shape in keys.GroupBy(k => (k.ColumnId is null, k.SwimlaneId, k.IncludeArchived)))
        {
            var boardIds = shape.Select(k => k.BoardId).Distinct().ToList();
            var query = db.Cards.AsNoTracking().Where(c => boardIds.Contains(c.BoardId));
            if (!shape.Key.Item1)
            {
                var columnIds = shape.Select(k => k.ColumnId!.Value).Distinct().ToList();
                query = query.Where(c => columnIds.Contains(c.ColumnId));
            }

            if (shape.Key.SwimlaneId is { } swimlaneId)
                query = query.Where(c => c.SwimlaneId == swimlaneId);
            if (!shape.Key.IncludeArchived)
                query = query.Where(c => !c.IsArchived);

            var cards = await (
                from card in query
                join column in db.Columns on card.ColumnId equals column.Id
                join lane in db.Swimlanes on card.SwimlaneId equals lane.Id
                orderby column.Position, lane.Position, card.Rank, card.Id
                select card).ToListAsync(cancellationToken);

            var byBoard = cards.ToLookup(c => c.BoardId);
            var byColumn = cards.ToLookup(c => c.ColumnId);
            foreach (var key in shape)
            {
                result[key] = key.ColumnId is { } columnId
                    ? byColumn[columnId].Where(c => c.BoardId == key.BoardId).ToList()
                    : byBoard[key.BoardId].ToList();
            }
        }

        return result;
    }
}

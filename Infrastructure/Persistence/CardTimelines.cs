using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Flow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// Keeps each card's <see cref="CardTimeline"/>: on save, the steps the save appends go onto the timelines of their cards,
/// under the board's lock; at start-up, before the server takes requests, cards with steps and no timeline (saved before
/// timelines existed) get one built from their steps, a board at a time under its lock.
/// </summary>
public static class CardTimelines
{
    private const int BatchSize = 500;

    /// <summary>
    /// Appends <paramref name="steps"/> to their cards' timelines, with where the cards now stand; a new card gets a new
    /// one. A card saved before timelines existed gets none here: its steps are all in its rows, and start-up builds it.
    /// </summary>
    public static async Task KeepAsync(KanbanDbContext db, IReadOnlyList<CardTransition> steps, IReadOnlyList<EntityEntry<Card>> cards,
        CancellationToken cancellationToken)
    {
        if (steps.Count == 0)
            return;
        var byCard = steps.GroupBy(s => s.CardId).ToList();
        var cardIds = byCard.Select(g => g.Key).ToList();
        var tracked = cards.ToDictionary(e => e.Entity.Id);
        var kept = byCard.All(c => tracked.GetValueOrDefault(c.Key)?.State == EntityState.Added)
            ? []
            : await db.CardTimelines.Where(t => cardIds.Contains(t.CardId)).ToDictionaryAsync(t => t.CardId, cancellationToken);
        foreach (var card in byCard)
        {
            if (tracked.GetValueOrDefault(card.Key) is not { } entry)
                continue;
            var place = PlaceOf(entry.Entity);
            var packed = card.Select(FlowStep.Of).ToList();
            if (kept.TryGetValue(card.Key, out var timeline))
                timeline.Append(place, packed);
            else if (entry.State == EntityState.Added)
                db.CardTimelines.Add(new CardTimeline(entry.Entity.BoardId, card.Key, place, packed));
        }
    }

    /// <summary>Builds the timelines of cards that have steps and none. Returns how many it built.</summary>
    public static async Task<int> BackfillAsync(KanbanDbContext db, CancellationToken cancellationToken = default)
    {
        var boardIds = await Missing(db).Select(c => c.BoardId).Distinct().ToListAsync(cancellationToken);
        var built = 0;
        foreach (var boardId in boardIds)
        {
            while (true)
            {
                // Under the board's lock, so no write adds a step to these cards between reading their steps and saving.
                var count = await db.WriteBoardAsync(boardId, async () =>
                {
                    var batch = await Missing(db).Where(c => c.BoardId == boardId).OrderBy(c => c.Id).Take(BatchSize)
                        .Select(c => new { c.Id, Place = new CardPlace(c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived) })
                        .ToListAsync(cancellationToken);
                    var cardIds = batch.Select(c => c.Id).ToList();
                    var steps = (await db.CardTransitions.AsNoTracking().Where(t => cardIds.Contains(t.CardId)).ToListAsync(cancellationToken))
                        .ToLookup(t => t.CardId, FlowStep.Of);
                    foreach (var card in batch)
                        db.CardTimelines.Add(new CardTimeline(boardId, card.Id, card.Place, steps[card.Id]));
                    return batch.Count;
                }, cancellationToken);
                built += count;
                if (count < BatchSize)
                    break;
            }
        }

        return built;
    }

    public static CardPlace PlaceOf(Card card) => new(card.SwimlaneId, card.CustomerKind, card.ColumnId, card.IsArchived);

    private static IQueryable<Card> Missing(KanbanDbContext db) =>
        db.Cards.Where(c => db.CardTransitions.Any(t => t.CardId == c.Id) && !db.CardTimelines.Any(t => t.CardId == c.Id));
}

using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// Keeps <see cref="CardCount"/>: on save, from each card's place before and after the save, under the board's lock (so
/// two writers never count over each other). The migration that made the counts counted the cards there were
/// (<see cref="Migrations.CardCountBackfill"/>).
/// </summary>
public static class CardCounts
{
    /// <summary>Moves the counts by what the tracked cards' changes do; call it once the boards involved are locked.</summary>
    public static async Task KeepAsync(KanbanDbContext db, IReadOnlyList<EntityEntry<Card>> cards, CancellationToken cancellationToken)
    {
        var deltas = new Dictionary<(Guid BoardId, CardPlace Place), int>();
        void Add((Guid, CardPlace) place, int delta) => deltas[place] = deltas.GetValueOrDefault(place) + delta;
        foreach (var entry in cards)
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
                Add((entry.Entity.BoardId, CardTimelines.PlaceOf(entry.Entity)), 1);
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                Add(Original(entry), -1);
        }

        var changed = deltas.Where(d => d.Value != 0).ToList();
        if (changed.Count == 0)
            return;
        var boardIds = changed.Select(d => d.Key.BoardId).Distinct().ToList();
        var rows = (await db.CardCounts.Where(c => boardIds.Contains(c.BoardId)).ToListAsync(cancellationToken))
            .ToDictionary(c => (c.BoardId, c.Place));
        foreach (var ((boardId, place), delta) in changed)
        {
            if (rows.TryGetValue((boardId, place), out var row))
            {
                row.Add(delta);
                if (row.Count == 0)
                    db.CardCounts.Remove(row);
            }
            else
            {
                db.CardCounts.Add(new CardCount(boardId, place, delta));
            }
        }
    }

    /// <summary>The board's counts as its cards stand now, read from the cards themselves.</summary>
    public static async Task<List<CardCount>> CountAsync(KanbanDbContext db, Guid boardId, CancellationToken cancellationToken) =>
        (await ByPlace(db.Cards.Where(c => c.BoardId == boardId)).ToListAsync(cancellationToken))
            .Select(c => new CardCount(boardId, c.Place, c.Count))
            .ToList();

    /// <summary>The cards counted per place, in SQL.</summary>
    public static IQueryable<PlaceCount> ByPlace(IQueryable<Card> cards) =>
        cards.GroupBy(c => new { c.SwimlaneId, c.CustomerKind, c.ColumnId, c.IsArchived })
            .Select(g => new PlaceCount(new CardPlace(g.Key.SwimlaneId, g.Key.CustomerKind, g.Key.ColumnId, g.Key.IsArchived), g.Count()));

    private static (Guid, CardPlace) Original(EntityEntry<Card> entry) => (
        entry.OriginalValues.GetValue<Guid>(nameof(Card.BoardId)),
        new CardPlace(
            entry.OriginalValues.GetValue<Guid>(nameof(Card.SwimlaneId)),
            entry.OriginalValues.GetValue<CustomerKind>(nameof(Card.CustomerKind)),
            entry.OriginalValues.GetValue<Guid>(nameof(Card.ColumnId)),
            entry.OriginalValues.GetValue<bool>(nameof(Card.IsArchived))));
}

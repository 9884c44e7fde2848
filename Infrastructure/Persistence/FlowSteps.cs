using System.Text.Json;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// The flow history (<see cref="CardTransition"/>) from card changes: on save, from the card as it stands after the
/// change (the same card the event payload snapshots); and once, at start-up, from the events of cards saved before.
/// </summary>
public static class FlowSteps
{
    private const int BatchSize = 200;

    private static readonly string[] StepTypes =
        [nameof(CardCreated), nameof(CardMoved), nameof(CardArchived), nameof(CardRestored), nameof(CardMerged),
         nameof(CardBlocked), nameof(CardUnblocked), nameof(CardUpdated)];

    /// <summary>
    /// The step a change makes, or null when it is none. A move names its target, so it wins over the card. The step is
    /// dated when the domain stamped the card (its UpdatedAt, from the same clock as <paramref name="savedAt"/>, a moment
    /// earlier), never later than the save: seeding can so replay past moves in order.
    /// </summary>
    public static CardTransition? Of(BoardChange change, Card card, long seq, DateTimeOffset savedAt)
    {
        var at = card.UpdatedAt < savedAt ? card.UpdatedAt : savedAt;
        var target = change is CardMoved moved ? (moved.ToColumnId, moved.ToSwimlaneId) : ((Guid, Guid)?)null;
        return Step(BoardEventPayload.TypeOf(change), (change as CardUpdated)?.Fields, card.BoardId, card.Id, seq, at, target,
            (card.ColumnId, card.SwimlaneId, card.IsArchived, card.IsBlocked, card.CustomerKind));
    }

    /// <summary>
    /// The step of one change, from its type, where a move went, and the card as it stood right after: the one rule the
    /// save and the backfill share.
    /// </summary>
    private static CardTransition? Step(string type, IReadOnlyList<string>? fields, Guid boardId, Guid cardId, long seq, DateTimeOffset at,
        (Guid Column, Guid Lane)? moveTarget, (Guid Column, Guid Lane, bool IsArchived, bool IsBlocked, CustomerKind Kind) card)
    {
        if (!CardTransition.IsStep(type, fields))
            return null;
        var (column, lane) = moveTarget ?? (card.Column, card.Lane);
        var gone = type is nameof(CardArchived) or nameof(CardMerged) || (card.IsArchived && type is not nameof(CardMoved) and not nameof(CardRestored));
        var blocked = type switch { nameof(CardBlocked) => true, nameof(CardUnblocked) => false, _ => card.IsBlocked };
        return new CardTransition(boardId, cardId, seq, at, gone ? null : column, lane, card.Kind, blocked);
    }

    /// <summary>
    /// Writes the history of cards that have none from their board events (cards saved before the history existed).
    /// A card once given history is not read again, so a second run finds nothing. Returns how many cards it covered.
    /// </summary>
    public static async Task<int> BackfillAsync(KanbanDbContext db, CancellationToken cancellationToken = default)
    {
        var covered = 0;
        while (true)
        {
            var cardIds = await db.Cards
                .Where(c => !db.CardTransitions.Any(t => t.CardId == c.Id))
                .OrderBy(c => c.Id)
                .Select(c => c.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (cardIds.Count == 0)
                return covered;
            var events = await db.BoardEvents
                .Where(e => e.CardId != null && cardIds.Contains(e.CardId.Value) && StepTypes.Contains(e.Type))
                .OrderBy(e => e.BoardId).ThenBy(e => e.Seq)
                .ToListAsync(cancellationToken);
            var stepped = new HashSet<Guid>();
            foreach (var boardEvent in events)
            {
                if (FromEvent(boardEvent) is { } step)
                {
                    db.CardTransitions.Add(step);
                    stepped.Add(step.CardId);
                }
            }

            // A card whose events were all pruned still gets one step, where it stands now, so it is not read again.
            var bare = cardIds.Where(id => !stepped.Contains(id)).ToList();
            foreach (var card in await db.Cards.AsNoTracking().Where(c => bare.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                db.CardTransitions.Add(new CardTransition(card.BoardId, card.Id, 0, card.CreatedAt, card.IsArchived ? null : card.ColumnId,
                    card.SwimlaneId, card.CustomerKind, card.IsBlocked));
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            covered += cardIds.Count;
        }
    }

    /// <summary>The step of one stored event, read from the card snapshot in its payload.</summary>
    private static CardTransition? FromEvent(BoardEvent boardEvent)
    {
        using var json = JsonDocument.Parse(boardEvent.Payload);
        var root = json.RootElement;
        var fields = root.TryGetProperty("fields", out var f) ? f.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : null;
        if (!CardTransition.IsStep(boardEvent.Type, fields) || !root.TryGetProperty("card", out var card))
            return null;
        var snapshot = card.Deserialize<CardSnapshot>(BoardEventPayload.JsonOptions)!;
        var target = boardEvent.Type == nameof(CardMoved)
            ? (root.GetProperty("toColumnId").GetGuid(), root.GetProperty("toSwimlaneId").GetGuid())
            : ((Guid, Guid)?)null;
        return Step(boardEvent.Type, fields, boardEvent.BoardId, boardEvent.CardId!.Value, boardEvent.Seq, boardEvent.OccurredAt, target,
            (snapshot.ColumnId, snapshot.SwimlaneId, snapshot.IsArchived, snapshot.IsBlocked, snapshot.CustomerKind));
    }
}

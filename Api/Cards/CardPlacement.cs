using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Cards;

/// <summary>
/// Finds a card's rank in a (column, swimlane) cell. Reads only the two neighbours; when they leave no room,
/// re-ranks the whole cell (rare, and bounded by the cell's size). Runs inside the board's write lock.
/// </summary>
internal static class CardPlacement
{
    /// <param name="current">The card's current place when it is already on the board: dropped where it already is, it keeps its rank.</param>
    public static async Task<string> RankAsync(KanbanDbContext db, Board board, Guid columnId, Guid swimlaneId, Guid cardId,
        Guid? afterCardId, Guid? beforeCardId, CancellationToken cancellationToken, Card? current = null)
    {
        if (afterCardId is not null && beforeCardId is not null)
            throw DomainException.Invalid("afterCardId", "Give afterCardId or beforeCardId, not both.");
        var cell = db.Cards.Where(c => c.ColumnId == columnId && c.SwimlaneId == swimlaneId && c.Id != cardId);

        string? lower, upper;
        if ((afterCardId ?? beforeCardId) is { } neighbourId)
        {
            var field = afterCardId is not null ? "afterCardId" : "beforeCardId";
            if (neighbourId == cardId)
                throw DomainException.Invalid(field, "A card cannot be placed next to itself.");
            var neighbour = await cell.Where(c => c.Id == neighbourId).Select(c => c.Rank).SingleOrDefaultAsync(cancellationToken)
                ?? throw new DomainException(ErrorCodes.NotFound, $"Card '{neighbourId}' is not in the target column and swimlane.", field);
#pragma warning disable CA1309 // EF turns string.Compare into SQL comparison, which uses the rank column's binary collation.
            if (afterCardId is not null)
            {
                lower = neighbour;
                upper = await cell.Where(c => string.Compare(c.Rank, neighbour) > 0).OrderBy(c => c.Rank).Select(c => c.Rank).FirstOrDefaultAsync(cancellationToken);
            }
            else
            {
                upper = neighbour;
                lower = await cell.Where(c => string.Compare(c.Rank, neighbour) < 0).OrderByDescending(c => c.Rank).Select(c => c.Rank).FirstOrDefaultAsync(cancellationToken);
            }
#pragma warning restore CA1309
        }
        else
        {
            lower = await cell.OrderByDescending(c => c.Rank).Select(c => c.Rank).FirstOrDefaultAsync(cancellationToken);
            upper = null;
        }

        if (current is not null && current.ColumnId == columnId && current.SwimlaneId == swimlaneId &&
            (lower is null || string.CompareOrdinal(lower, current.Rank) < 0) && (upper is null || string.CompareOrdinal(current.Rank, upper) < 0))
        {
            return current.Rank;
        }

        if (LanePlacement.TryBetween(lower, upper) is { } rank)
            return rank;

        var cards = await cell.OrderBy(c => c.Rank).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var placement = LanePlacement.Place(cards.Select(c => new RankedCard(c.Id, c.Rank)).ToList(), cardId, afterCardId, beforeCardId);
        var byId = cards.ToDictionary(c => c.Id);
        foreach (var moved in placement.Rebalanced)
            byId[moved.CardId].Rerank(moved.Rank);
        board.RecordRerank(columnId, swimlaneId, placement.Rebalanced);
        return placement.Rank;
    }

    /// <summary>Refuses the card's entry into <paramref name="column"/> at its WIP limit.</summary>
    public static async Task EnsureRoomAsync(KanbanDbContext db, Column column, Guid cardId, CancellationToken cancellationToken)
    {
        if (column.WipLimit is null)
            return;
        var active = await db.Cards.CountAsync(c => c.ColumnId == column.Id && !c.IsArchived && c.Id != cardId, cancellationToken);
        Board.EnsureRoomIn(column, active);
    }
}

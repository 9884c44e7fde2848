using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Flow;

/// <summary>Where a card stands now: the place its card count is kept under.</summary>
public readonly record struct CardPlace(Guid SwimlaneId, CustomerKind CustomerKind, Guid ColumnId, bool IsArchived);

/// <summary>How many cards stand in one place.</summary>
public sealed record PlaceCount(CardPlace Place, int Count);

/// <summary>
/// How many of a board's cards stand in one place now: one swimlane, customer kind, column, archived or not. Kept on
/// save from the cards' own changes, so the flow measures can count the cards that stood still through a window
/// without reading them.
/// </summary>
public sealed class CardCount
{
    private CardCount() { }

    public CardCount(Guid boardId, CardPlace place, int count)
    {
        BoardId = boardId;
        (SwimlaneId, CustomerKind, ColumnId, IsArchived) = place;
        Count = count;
    }

    public Guid BoardId { get; private set; }

    public Guid SwimlaneId { get; private set; }

    public CustomerKind CustomerKind { get; private set; }

    public Guid ColumnId { get; private set; }

    public bool IsArchived { get; private set; }

    public int Count { get; private set; }

    public CardPlace Place => new(SwimlaneId, CustomerKind, ColumnId, IsArchived);

    public void Add(int delta) => Count += delta;
}

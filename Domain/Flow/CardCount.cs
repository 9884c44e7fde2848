using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Flow;

/// <summary>
/// How many of a board's cards stand in one place now: one swimlane, customer kind, column, archived or not. Kept on
/// save from the cards' own changes, so the flow measures can count the cards that stood still through a window
/// without reading them.
/// </summary>
public sealed class CardCount
{
    private CardCount() { }

    public CardCount(Guid boardId, Guid swimlaneId, CustomerKind customerKind, Guid columnId, bool isArchived, int count)
    {
        BoardId = boardId;
        SwimlaneId = swimlaneId;
        CustomerKind = customerKind;
        ColumnId = columnId;
        IsArchived = isArchived;
        Count = count;
    }

    public Guid BoardId { get; private set; }

    public Guid SwimlaneId { get; private set; }

    public CustomerKind CustomerKind { get; private set; }

    public Guid ColumnId { get; private set; }

    public bool IsArchived { get; private set; }

    public int Count { get; private set; }

    public void Add(int delta) => Count += delta;
}

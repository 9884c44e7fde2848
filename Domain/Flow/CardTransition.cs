using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Flow;

/// <summary>
/// One step of a card's flow history, append-only: from <see cref="At"/> on, the card stood in <see cref="ColumnId"/>
/// (null: archived or merged away) and <see cref="SwimlaneId"/>, blocked or not. Written with the change that caused it.
/// </summary>
public sealed class CardTransition
{
    private CardTransition() { }

    public CardTransition(Guid boardId, Guid cardId, long eventSeq, DateTimeOffset at, Guid? columnId, Guid swimlaneId,
        CustomerKind customerKind, bool isBlocked)
    {
        BoardId = boardId;
        CardId = cardId;
        EventSeq = eventSeq;
        At = at;
        ColumnId = columnId;
        SwimlaneId = swimlaneId;
        CustomerKind = customerKind;
        IsBlocked = isBlocked;
    }

    public long Id { get; private set; }

    public Guid BoardId { get; private set; }

    public Guid CardId { get; private set; }

    /// <summary>The board event that caused the step (its per-board sequence number).</summary>
    public long EventSeq { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? ColumnId { get; private set; }

    public Guid SwimlaneId { get; private set; }

    public CustomerKind CustomerKind { get; private set; }

    public bool IsBlocked { get; private set; }

    /// <summary>
    /// Whether a change of the named type (a <see cref="BoardChange"/> type name) is a step of the flow: it places,
    /// removes, blocks or reclassifies a card. <paramref name="fields"/> are a CardUpdated's changed fields.
    /// </summary>
    public static bool IsStep(string changeType, IReadOnlyList<string>? fields) => changeType switch
    {
        nameof(CardCreated) or nameof(CardMoved) or nameof(CardArchived) or nameof(CardRestored) or nameof(CardMerged)
            or nameof(CardBlocked) or nameof(CardUnblocked) => true,
        nameof(CardUpdated) => fields?.Contains("customerKind") == true,
        _ => false,
    };
}

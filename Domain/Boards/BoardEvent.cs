namespace KanbanCustomer.Domain.Boards;

/// <summary>
/// An append-only record of one change: the card history, the outbox and the replay source.
/// <see cref="Seq"/> counts per board from 1 without gaps.
/// </summary>
public sealed class BoardEvent
{
    public const int TypeMaxLength = 60;

    private BoardEvent() { }

    public BoardEvent(Guid boardId, long seq, string type, Guid? cardId, string payload, string actorId, string actorName, DateTimeOffset occurredAt)
    {
        BoardId = boardId;
        Seq = seq;
        Type = type;
        CardId = cardId;
        Payload = payload;
        ActorId = actorId;
        ActorName = actorName;
        OccurredAt = occurredAt;
    }

    public long Id { get; private set; }

    public Guid BoardId { get; private set; }

    public long Seq { get; private set; }

    public string Type { get; private set; } = "";

    public Guid? CardId { get; private set; }

    /// <summary>The change as JSON.</summary>
    public string Payload { get; private set; } = "";

    public string ActorId { get; private set; } = "";

    public string ActorName { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>When the event was handed to the publisher; null until then (the relay's work list).</summary>
    public DateTimeOffset? PublishedAt { get; private set; }
}

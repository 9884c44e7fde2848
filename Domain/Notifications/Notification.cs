namespace KanbanCustomer.Domain.Notifications;

/// <summary>What a notification tells its reader about a card they watch (or were mentioned on).</summary>
public enum NotificationKind
{
    CardMoved = 0,
    CardSolved = 1,
    CardMerged = 2,
    CardFlaggedStale = 3,
    CommentAdded = 4,
    Mentioned = 5,
}

/// <summary>
/// One board event told to one person: never for their own action, at most one per person per event (the event's
/// board and sequence number identify it). Written by the fan-out after the event committed; read and marked read by
/// its reader only.
/// </summary>
public sealed class Notification
{
    public const int CardTitleMaxLength = 200;

    private Notification() { }

    public Notification(string userId, Guid boardId, Guid? cardId, long eventSeq, NotificationKind kind, string actorId, string actorName,
        string cardTitle, DateTimeOffset createdAt)
    {
        UserId = userId;
        BoardId = boardId;
        CardId = cardId;
        EventSeq = eventSeq;
        Kind = kind;
        ActorId = actorId;
        ActorName = actorName;
        CardTitle = cardTitle.Length > CardTitleMaxLength ? cardTitle[..CardTitleMaxLength] : cardTitle;
        CreatedAt = createdAt;
    }

    /// <summary>Grows with every notification written: the reader's order and the resume point of the live stream.</summary>
    public long Id { get; private set; }

    public string UserId { get; private set; } = "";

    public Guid BoardId { get; private set; }

    public Guid? CardId { get; private set; }

    public long EventSeq { get; private set; }

    public NotificationKind Kind { get; private set; }

    public string ActorId { get; private set; } = "";

    public string ActorName { get; private set; } = "";

    /// <summary>The card's title when the event happened, so the inbox reads without loading cards.</summary>
    public string CardTitle { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }
}

/// <summary>How far a board's events have been told to the people who watch its cards (the fan-out's cursor).</summary>
public sealed class NotificationCursor
{
    private NotificationCursor() { }

    public NotificationCursor(Guid boardId, long throughSeq)
    {
        BoardId = boardId;
        ThroughSeq = throughSeq;
    }

    public Guid BoardId { get; private set; }

    public long ThroughSeq { get; private set; }
}

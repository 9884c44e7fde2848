namespace KanbanCustomer.Domain.Watching;

/// <summary>
/// One person watching one card: they hear what becomes of it. People who report a card, add evidence, vote or whose
/// insight lands on it watch it on their own; anyone who can read a card may watch or unwatch it. Unwatching removes
/// the row; taking part again watches again.
/// </summary>
public sealed class CardWatch
{
    private CardWatch() { }

    public CardWatch(Guid boardId, Guid cardId, string userId, DateTimeOffset since)
    {
        BoardId = boardId;
        CardId = cardId;
        UserId = userId;
        Since = since;
    }

    public long Id { get; private set; }

    public Guid BoardId { get; private set; }

    public Guid CardId { get; private set; }

    public string UserId { get; private set; } = "";

    public DateTimeOffset Since { get; private set; }
}

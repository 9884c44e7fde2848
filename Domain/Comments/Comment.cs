using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Comments;

/// <summary>
/// A remark on a card, kept as written. Its author edits it; its author or a board admin deletes it, which leaves a
/// tombstone (no text, no mentions) in the card's discussion. Mentions name people on the board by user id.
/// </summary>
public sealed class Comment : AggregateRoot
{
    public const int TextMaxLength = 4000;
    public const int MaxMentions = 20;

    private Comment() { }

    public Guid Id { get; private set; }

    public Guid BoardId { get; private set; }

    public Guid CardId { get; private set; }

    public string AuthorId { get; private set; } = "";

    /// <summary>As written, whitespace and line breaks included; empty once deleted.</summary>
    public string Text { get; private set; } = "";

    /// <summary>User ids of the board's people the comment mentions, in the order given, without duplicates.</summary>
    public IReadOnlyList<string> Mentions { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When its author last changed it; null until then.</summary>
    public DateTimeOffset? EditedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public string? DeletedBy { get; private set; }

    /// <summary>Bumped on every change; an edit that names an older version is refused.</summary>
    public int Version { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    public static Comment Post(Board board, Card card, string authorId, string text, IReadOnlyList<string>? mentions, DateTimeOffset now)
    {
        if (card.BoardId != board.Id)
            throw new InvalidOperationException("The card's own board must be passed.");
        card.EnsureActive();
        var comment = new Comment
        {
            Id = Guid.CreateVersion7(),
            BoardId = board.Id,
            CardId = card.Id,
            AuthorId = Guard.UserId(authorId, "authorId"),
            Text = Guard.WrittenText(text, TextMaxLength, "text"),
            Mentions = CheckedMentions(board, mentions),
            CreatedAt = now,
            Version = 1,
        };
        card.NoteDiscussion(now);
        comment.Record(new CommentAdded(board.Id, card.Id, comment.Id, comment.Mentions));
        return comment;
    }

    /// <summary>
    /// The author's new text and mentions (null keeps the current ones unchecked, so a typo can be fixed after someone
    /// mentioned left the board); a change that changes nothing records nothing.
    /// </summary>
    public void Edit(Board board, Card card, string editorId, string text, IReadOnlyList<string>? mentions, int? expectedVersion, DateTimeOffset now)
    {
        EnsureOwn(board, card);
        if (editorId != AuthorId)
            throw new DomainException(ErrorCodes.Forbidden, "Only its author may edit a comment.", "commentId");
        if (IsDeleted)
            throw DomainException.Invalid("commentId", "The comment was deleted.");
        card.EnsureActive();
        if (expectedVersion is { } expected && expected != Version)
            throw DomainException.Conflict(Version, "comment");
        var newText = Guard.WrittenText(text, TextMaxLength, "text");
        var newMentions = mentions is null ? Mentions : CheckedMentions(board, mentions);
        if (newText == Text && newMentions.SequenceEqual(Mentions, StringComparer.Ordinal))
            return;
        card.NoteDiscussion(now);
        Text = newText;
        Mentions = newMentions;
        EditedAt = now;
        Version++;
        Record(new CommentEdited(BoardId, CardId, Id, Mentions));
    }

    /// <summary>
    /// Leaves a tombstone; by its author or a board admin, also on an archived card (a merged duplicate cannot be
    /// restored, and a comment must always be removable). Deleting a deleted comment changes nothing.
    /// </summary>
    public void Delete(Board board, Card card, string deletedBy, DateTimeOffset now)
    {
        EnsureOwn(board, card);
        if (deletedBy != AuthorId && board.RoleOf(deletedBy) != BoardRole.Admin)
            throw new DomainException(ErrorCodes.Forbidden, "Only its author or a board admin may delete a comment.", "commentId");
        if (IsDeleted)
            return;
        card.NoteDiscussion(now);
        Text = "";
        Mentions = [];
        DeletedAt = now;
        DeletedBy = deletedBy;
        Version++;
        Record(new CommentDeleted(BoardId, CardId, Id, deletedBy));
    }

    private void EnsureOwn(Board board, Card card)
    {
        if (board.Id != BoardId || card.Id != CardId)
            throw new InvalidOperationException("The comment's own board and card must be passed.");
    }

    /// <summary>Only people on the board; anyone else is refused as the membership mutations refuse them, saying nothing of who exists.</summary>
    private static List<string> CheckedMentions(Board board, IReadOnlyList<string>? mentions)
    {
        var result = new List<string>();
        foreach (var raw in mentions ?? [])
        {
            var userId = Guard.UserId(raw, "mentions");
            if (!result.Contains(userId, StringComparer.Ordinal))
                result.Add(userId);
        }

        if (result.Count > MaxMentions)
            throw DomainException.Invalid("mentions", $"A comment mentions at most {MaxMentions} people.");
        foreach (var userId in result)
        {
            if (board.RoleOf(userId) is null)
                throw new DomainException(ErrorCodes.NotFound, $"'{userId}' is not a member of this board.", "mentions");
        }

        return result;
    }
}

using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;

namespace KanbanCustomer.Domain.Common;

/// <summary>One change to a board, stored as a <see cref="Boards.BoardEvent"/> row in the same transaction.</summary>
public abstract record BoardChange(Guid BoardId);

public abstract record CardChange(Guid BoardId, Guid CardId) : BoardChange(BoardId);

/// <summary>The names of every kind of board change: the <c>type</c> of its stored event, what a webhook may ask for.</summary>
public static class BoardChanges
{
    public static readonly IReadOnlySet<string> TypeNames = typeof(BoardChange).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(BoardChange)))
        .Select(t => t.Name)
        .ToHashSet(StringComparer.Ordinal);
}

public sealed record BoardCreated(Guid BoardId, string Name) : BoardChange(BoardId);
public sealed record BoardRenamed(Guid BoardId, string Name) : BoardChange(BoardId);
public sealed record BoardPolicyChanged(Guid BoardId, TimeSpan? DefaultStaleAfter) : BoardChange(BoardId);

public sealed record MemberAdded(Guid BoardId, string UserId, BoardRole Role) : BoardChange(BoardId);
public sealed record MemberRoleChanged(Guid BoardId, string UserId, BoardRole Role) : BoardChange(BoardId);
public sealed record MemberRemoved(Guid BoardId, string UserId) : BoardChange(BoardId);

public sealed record ColumnAdded(Guid BoardId, Guid ColumnId, string Name, int Position) : BoardChange(BoardId);
public sealed record ColumnUpdated(Guid BoardId, Guid ColumnId, IReadOnlyList<string> Fields) : BoardChange(BoardId);
public sealed record ColumnMoved(Guid BoardId, Guid ColumnId, int FromPosition, int ToPosition) : BoardChange(BoardId);
public sealed record ColumnRemoved(Guid BoardId, Guid ColumnId, string Name) : BoardChange(BoardId);

public sealed record SwimlaneAdded(Guid BoardId, Guid SwimlaneId, string Name, CustomerKind CustomerKind, int Position) : BoardChange(BoardId);
public sealed record SwimlaneUpdated(Guid BoardId, Guid SwimlaneId, IReadOnlyList<string> Fields) : BoardChange(BoardId);
public sealed record SwimlaneMoved(Guid BoardId, Guid SwimlaneId, int FromPosition, int ToPosition) : BoardChange(BoardId);
public sealed record SwimlaneRemoved(Guid BoardId, Guid SwimlaneId, string Name) : BoardChange(BoardId);

public sealed record CardCreated(Guid BoardId, Guid CardId, Guid ColumnId, Guid SwimlaneId, string Title) : CardChange(BoardId, CardId);
public sealed record CardUpdated(Guid BoardId, Guid CardId, IReadOnlyList<string> Fields) : CardChange(BoardId, CardId);
public sealed record CardMoved(Guid BoardId, Guid CardId, Guid FromColumnId, Guid FromSwimlaneId, Guid ToColumnId, Guid ToSwimlaneId, string Rank) : CardChange(BoardId, CardId);
public sealed record CardBlocked(Guid BoardId, Guid CardId, string Reason) : CardChange(BoardId, CardId);
public sealed record CardUnblocked(Guid BoardId, Guid CardId) : CardChange(BoardId, CardId);
public sealed record CardArchived(Guid BoardId, Guid CardId) : CardChange(BoardId, CardId);
public sealed record CardRestored(Guid BoardId, Guid CardId) : CardChange(BoardId, CardId);
public sealed record EvidenceAdded(Guid BoardId, Guid CardId, Guid EvidenceId, EvidenceKind Kind, string Content, string Source,
    Guid? CustomerId = null, EvidenceProximity Proximity = EvidenceProximity.SecondHand) : CardChange(BoardId, CardId);
public sealed record EvidenceRemoved(Guid BoardId, Guid CardId, Guid EvidenceId, EvidenceKind Kind, string Content, string Source) : CardChange(BoardId, CardId);
public sealed record ExperimentAdded(Guid BoardId, Guid CardId, Guid ExperimentId, string Hypothesis, string Measure) : CardChange(BoardId, CardId);
public sealed record ExperimentUpdated(Guid BoardId, Guid CardId, Guid ExperimentId, IReadOnlyList<string> Fields, ExperimentStatus Status, string Learning) : CardChange(BoardId, CardId);
public sealed record VoteCast(Guid BoardId, Guid CardId, string VoterId, int VoteCount) : CardChange(BoardId, CardId);
public sealed record VoteWithdrawn(Guid BoardId, Guid CardId, string VoterId, int VoteCount) : CardChange(BoardId, CardId);

/// <summary>A duplicate merged into <paramref name="TargetCardId"/>: what moved, and the target's distinct voters after.</summary>
public sealed record CardMerged(Guid BoardId, Guid CardId, Guid TargetCardId, int EvidenceMoved, int ExperimentsMoved, int VoteCount) : CardChange(BoardId, CardId);

public sealed record CustomerAdded(Guid BoardId, Guid CustomerId, string Name, CustomerKind Kind) : BoardChange(BoardId);
public sealed record CustomerUpdated(Guid BoardId, Guid CustomerId, IReadOnlyList<string> Fields) : BoardChange(BoardId);
public sealed record CustomerArchived(Guid BoardId, Guid CustomerId) : BoardChange(BoardId);
public sealed record CustomerRestored(Guid BoardId, Guid CustomerId) : BoardChange(BoardId);

/// <summary>An insight names no text in the event: the inbox is read through the API, with its access rules.</summary>
public sealed record InsightSubmitted(Guid BoardId, Guid InsightId, Guid? CustomerId) : BoardChange(BoardId);
public sealed record InsightTriaged(Guid BoardId, Guid InsightId, Insights.InsightStatus Status, Guid? CardId) : BoardChange(BoardId);

/// <summary>A comment's text is not in its events: a deleted comment's text must not outlive it in the log.</summary>
public sealed record CommentAdded(Guid BoardId, Guid CardId, Guid CommentId, IReadOnlyList<string> Mentions) : CardChange(BoardId, CardId);
public sealed record CommentEdited(Guid BoardId, Guid CardId, Guid CommentId, IReadOnlyList<string> Mentions) : CardChange(BoardId, CardId);
public sealed record CommentDeleted(Guid BoardId, Guid CardId, Guid CommentId, string DeletedBy) : CardChange(BoardId, CardId);

public sealed record CardFlaggedStale(Guid BoardId, Guid CardId, StaleBasis Basis, TimeSpan Threshold, DateTimeOffset Since) : CardChange(BoardId, CardId);
public sealed record CardUnflagged(Guid BoardId, Guid CardId, string Reason) : CardChange(BoardId, CardId);
public sealed record CardSnoozed(Guid BoardId, Guid CardId, DateTimeOffset Until) : CardChange(BoardId, CardId);

/// <summary>Webhook changes name the webhook only: its URL may carry a token, and every member reads the log.</summary>
public sealed record WebhookAdded(Guid BoardId, Guid WebhookId, bool Enabled) : BoardChange(BoardId);
public sealed record WebhookUpdated(Guid BoardId, Guid WebhookId, IReadOnlyList<string> Fields, bool Enabled) : BoardChange(BoardId);
public sealed record WebhookRemoved(Guid BoardId, Guid WebhookId) : BoardChange(BoardId);

/// <summary>The rare rebalance of a cell's rank keys; the ranks are listed so readers of the log can follow the order.</summary>
public sealed record CardsReranked(Guid BoardId, Guid ColumnId, Guid SwimlaneId, IReadOnlyList<RankedCard> Ranks) : BoardChange(BoardId);

using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;

namespace KanbanCustomer.Domain.Insights;

public enum InsightStatus
{
    /// <summary>In the inbox, waiting for triage.</summary>
    New = 0,

    /// <summary>Attached to a card as evidence.</summary>
    Attached = 1,

    /// <summary>Turned into a new card (with the insight as its first evidence).</summary>
    Promoted = 2,

    /// <summary>Set aside, with a reason the submitter can read.</summary>
    Dismissed = 3,
}

/// <summary>
/// A raw observation anyone on the board may submit (viewers too: support, sales and field staff are closest to the
/// customer). Members triage the inbox: attach it to a card, turn it into a card, or dismiss it with a reason. Triage is
/// once: an insight that left the inbox stays where it went.
/// </summary>
public sealed class Insight : AggregateRoot
{
    public const int TextMaxLength = 4000;
    public const int OriginMaxLength = 300;
    public const int ReasonMaxLength = 500;

    private Insight() { }

    public Guid Id { get; private set; }

    public Guid BoardId { get; private set; }

    public string Text { get; private set; } = "";

    public Guid? CustomerId { get; private set; }

    public EvidenceProximity Proximity { get; private set; }

    /// <summary>Where it came from: a call, a ticket, a visit.</summary>
    public string Origin { get; private set; } = "";

    public string SubmittedBy { get; private set; } = "";

    public DateTimeOffset SubmittedAt { get; private set; }

    public InsightStatus Status { get; private set; }

    /// <summary>The card it was attached to or became; null while new or when dismissed.</summary>
    public Guid? CardId { get; private set; }

    /// <summary>The evidence it became on <see cref="CardId"/>.</summary>
    public Guid? EvidenceId { get; private set; }

    public string? DismissReason { get; private set; }

    public string? TriagedBy { get; private set; }

    public DateTimeOffset? TriagedAt { get; private set; }

    public static Insight Submit(Board board, string text, Customer? customer, EvidenceProximity proximity, string? origin, string submittedBy, DateTimeOffset now)
    {
        if (!Enum.IsDefined(proximity))
            throw DomainException.Invalid("proximity", "Unknown proximity.");
        customer?.EnsureUsableOn(board.Id, "customerId");
        var insight = new Insight
        {
            Id = Guid.CreateVersion7(),
            BoardId = board.Id,
            Text = Guard.Text(text, TextMaxLength, "text"),
            CustomerId = customer?.Id,
            Proximity = proximity,
            Origin = Guard.OptionalText(origin, OriginMaxLength, "origin"),
            SubmittedBy = Guard.UserId(submittedBy, "submittedBy"),
            SubmittedAt = now,
            Status = InsightStatus.New,
        };
        insight.Record(new InsightSubmitted(board.Id, insight.Id, insight.CustomerId));
        return insight;
    }

    /// <summary>
    /// Attaches the insight to <paramref name="card"/> (evidence loaded) as an observation that keeps the submitter as its
    /// author and the submission as its time. <paramref name="customer"/> is the insight's own, loaded by the caller.
    /// </summary>
    public Evidence AttachTo(Card card, Customer? customer, string triagedBy, DateTimeOffset now) =>
        BecomeEvidence(InsightStatus.Attached, card, customer, triagedBy, now);

    /// <summary>Records that the insight became <paramref name="card"/>, whose first evidence it is (see <see cref="AttachTo"/>).</summary>
    public Evidence PromoteTo(Card card, Customer? customer, string triagedBy, DateTimeOffset now) =>
        BecomeEvidence(InsightStatus.Promoted, card, customer, triagedBy, now);

    public void Dismiss(string reason, string triagedBy, DateTimeOffset now)
    {
        EnsureNew();
        Triage(InsightStatus.Dismissed, null, null, Guard.Text(reason, ReasonMaxLength, "reason"), triagedBy, now);
    }

    /// <summary>Refuses a triage once the insight left the inbox; for callers that prepare a triage (a new card) before making it.</summary>
    public void EnsureNew()
    {
        if (Status != InsightStatus.New)
            throw new DomainException(ErrorCodes.AlreadyTriaged, $"The insight was already triaged ({Status}).", "insightId");
    }

    private Evidence BecomeEvidence(InsightStatus status, Card card, Customer? customer, string triagedBy, DateTimeOffset now)
    {
        EnsureNew();
        if (card.BoardId != BoardId)
            throw DomainException.Invalid("cardId", "The card belongs to another board.");
        if (customer?.Id != CustomerId)
            throw new InvalidOperationException("The insight's own customer must be passed.");
        var evidence = card.AddEvidence(EvidenceKind.Observation, Text.Length <= Evidence.ContentMaxLength ? Text : Text[..Evidence.ContentMaxLength],
            Origin, customer, Proximity, SubmittedBy, now, SubmittedAt);
        Triage(status, card.Id, evidence.Id, null, triagedBy, now);
        return evidence;
    }

    private void Triage(InsightStatus status, Guid? cardId, Guid? evidenceId, string? reason, string triagedBy, DateTimeOffset now)
    {
        Status = status;
        CardId = cardId;
        EvidenceId = evidenceId;
        DismissReason = reason;
        TriagedBy = Guard.UserId(triagedBy, "triagedBy");
        TriagedAt = now;
        Record(new InsightTriaged(BoardId, Id, status, cardId));
    }
}

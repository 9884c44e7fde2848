using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;

namespace KanbanCustomer.Domain.Cards;

/// <summary>
/// What the evidence and votes measure, kept on the card's row so lists filter and sort by it in SQL: distinct customers,
/// evidence by proximity, the newest evidence, the vote count and the <see cref="ProblemScore"/> key.
/// <see cref="Reach"/> stays the team's estimate beside the measured <see cref="CustomerCount"/>.
/// </summary>
public sealed partial class Card
{
    /// <summary>Distinct customers the card's evidence names.</summary>
    public int CustomerCount { get; private set; }

    public int SelfEvidenceCount { get; private set; }

    public int DirectEvidenceCount { get; private set; }

    public int SecondHandEvidenceCount { get; private set; }

    public int EvidenceCount => SelfEvidenceCount + DirectEvidenceCount + SecondHandEvidenceCount;

    /// <summary>When the newest piece of evidence was recorded; null without evidence.</summary>
    public DateTimeOffset? LastEvidenceAt { get; private set; }

    /// <summary>Distinct people who voted.</summary>
    public int VoteCount { get; private set; }

    /// <summary>The evidence term without the shared decay (<see cref="ProblemScore.EvidenceLog"/>); null without evidence.</summary>
    public double? EvidenceLog { get; private set; }

    /// <summary>The stored score key (<see cref="ProblemScore.Key"/>): ordering by it orders by score at any moment.</summary>
    public double ScoreKey { get; private set; } = ProblemScore.NoKey;

    /// <summary>The card this one was merged into (it is archived, and stays readable); null when not merged.</summary>
    public Guid? MergedInto { get; private set; }

    /// <summary>The score at <paramref name="now"/>.</summary>
    public double ScoreAt(DateTimeOffset now) => ProblemScore.At(ScoreKey, now);

    /// <summary>Adds evidence about <paramref name="customer"/> (of this board, not archived) at a proximity; see <see cref="AddEvidence(EvidenceKind, string, string?, string, DateTimeOffset)"/>.</summary>
    /// <param name="recordedAt">When it was first recorded, if before now (an insight attached later keeps its own time).</param>
    public Evidence AddEvidence(EvidenceKind kind, string content, string? source, Customer? customer, EvidenceProximity proximity,
        string recordedBy, DateTimeOffset now, DateTimeOffset? recordedAt = null)
    {
        EnsureActive();
        if (_evidence.Count >= MaxEvidence)
            throw DomainException.Invalid("cardId", $"A card holds at most {MaxEvidence} pieces of evidence.");
        customer?.EnsureUsableOn(BoardId, "customerId");
        var evidence = new Evidence(Id, kind, content, source, customer?.Id, proximity, Guard.UserId(recordedBy, "recordedBy"),
            recordedAt is { } at && at < now ? at : now);
        _evidence.Add(evidence);
        Remeasure();
        Touch(now);
        Record(new EvidenceAdded(BoardId, Id, evidence.Id, evidence.Kind, evidence.Content, evidence.Source, evidence.CustomerId, evidence.Proximity));
        return evidence;
    }

    /// <summary>Recounts the measures from the loaded evidence and votes' count, then the score key.</summary>
    private void Remeasure()
    {
        CustomerCount = _evidence.Where(e => e.CustomerId is not null).Select(e => e.CustomerId).Distinct().Count();
        SelfEvidenceCount = _evidence.Count(e => e.Proximity == EvidenceProximity.SelfIsCustomer);
        DirectEvidenceCount = _evidence.Count(e => e.Proximity == EvidenceProximity.DirectContact);
        SecondHandEvidenceCount = _evidence.Count(e => e.Proximity == EvidenceProximity.SecondHand);
        LastEvidenceAt = _evidence.Count == 0 ? null : _evidence.Max(e => e.RecordedAt);
        EvidenceLog = ProblemScore.EvidenceLog(_evidence);
        Rescore();
    }

    /// <summary>The score key from the stored measures (needs no loaded evidence: an edit of the impact calls it).</summary>
    private void Rescore() => ScoreKey = ProblemScore.Key(Impact, VoteCount, CustomerCount, EvidenceLog);

    /// <summary>
    /// Measures a card saved before the card kept them (a migration's evidence and votes); the evidence and votes must be
    /// loaded. No change is recorded: nothing about the problem changed.
    /// </summary>
    public void MeasureLoaded()
    {
        VoteCount = _votes.Count;
        Remeasure();
    }
}

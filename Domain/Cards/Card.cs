using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

/// <summary>One customer problem on a board.</summary>
public sealed partial class Card : AggregateRoot
{
    public const int TitleMaxLength = 200;
    public const int ProblemStatementMaxLength = 4000;
    public const int ImpactMin = 1;
    public const int ImpactMax = 5;
    public const int ReachMax = 1_000_000_000;
    public const int TagMaxLength = 40;
    public const int MaxTags = 20;
    public const int MaxAssignees = 20;
    public const int BlockedReasonMaxLength = 500;
    public const int MaxEvidence = 200;
    public const int MaxExperiments = 50;
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(90);

    private readonly List<Evidence> _evidence = [];
    private readonly List<Vote> _votes = [];
    private readonly List<Experiment> _experiments = [];

    private Card() { }

    public Guid Id { get; private set; }

    public Guid BoardId { get; private set; }

    public Guid ColumnId { get; private set; }

    public Guid SwimlaneId { get; private set; }

    /// <summary>Fractional rank key within (column, swimlane); see <see cref="RankKey"/>.</summary>
    public string Rank { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string ProblemStatement { get; private set; } = "";

    public CustomerKind CustomerKind { get; private set; }

    /// <summary>How badly the problem hurts, 1 (mild) to 5 (severe).</summary>
    public int Impact { get; private set; }

    /// <summary>How many customers have it (an estimate).</summary>
    public int Reach { get; private set; }

    public IReadOnlyList<string> Tags { get; private set; } = [];

    public IReadOnlyList<string> Assignees { get; private set; } = [];

    public string ReporterId { get; private set; } = "";

    public bool IsBlocked { get; private set; }

    public string? BlockedReason { get; private set; }

    public bool IsArchived { get; private set; }

    public DateTimeOffset? ArchivedAt { get; private set; }

    /// <summary>Bumped on every change; a change that names an older version is refused.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset LastActivityAt { get; private set; }

    /// <summary>When the card entered its current column (the clock for "time in column").</summary>
    public DateTimeOffset EnteredColumnAt { get; private set; }

    /// <summary>When the stale scan flagged the card; null while it is not stale.</summary>
    public DateTimeOffset? StaleSince { get; private set; }

    /// <summary>The stale scan leaves the card alone until then.</summary>
    public DateTimeOffset? SnoozedUntil { get; private set; }

    public bool IsStale => StaleSince is not null;

    public IReadOnlyList<Evidence> Evidence => _evidence;

    public IReadOnlyList<Vote> Votes => _votes;

    /// <summary>Loaded only where a write needs them (experiment changes).</summary>
    public IReadOnlyList<Experiment> Experiments => _experiments;

    public static Card Report(Board board, Column column, Swimlane swimlane, string rank, CardDetails details, string reporterId, DateTimeOffset now)
    {
        if (column.BoardId != board.Id || swimlane.BoardId != board.Id)
            throw DomainException.Invalid("columnId", "Column and swimlane must belong to the card's board.");
        var card = new Card
        {
            Id = Guid.CreateVersion7(),
            BoardId = board.Id,
            ColumnId = column.Id,
            SwimlaneId = swimlane.Id,
            Rank = rank,
            ReporterId = Guard.UserId(reporterId, "reporterId"),
            Version = 1,
            CreatedAt = now,
        };
        card.Apply(details);
        card.UpdatedAt = now;
        card.LastActivityAt = now;
        card.EnteredColumnAt = now;
        card.Record(new CardCreated(card.BoardId, card.Id, card.ColumnId, card.SwimlaneId, card.Title));
        return card;
    }

    /// <summary>Refuses a change made against a version other than the current one.</summary>
    public void EnsureVersion(int? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != Version)
            throw DomainException.Conflict(Version);
    }

    public void Edit(CardDetails details, DateTimeOffset now)
    {
        EnsureActive();
        var changed = Apply(details);
        if (changed.Count == 0)
            return;
        Touch(now);
        Record(new CardUpdated(BoardId, Id, changed));
    }

    /// <summary>Moves the card to another place; the caller has checked the target column's WIP limit.</summary>
    public void MoveTo(Column column, Swimlane swimlane, string rank, DateTimeOffset now)
    {
        EnsureActive();
        if (column.BoardId != BoardId || swimlane.BoardId != BoardId)
            throw DomainException.Invalid("toColumnId", "A card can only move within its board.");
        if (column.Id == ColumnId && swimlane.Id == SwimlaneId && rank == Rank)
            return;
        var (fromColumn, fromLane) = (ColumnId, SwimlaneId);
        if (column.Id != ColumnId)
            EnteredColumnAt = now;
        ColumnId = column.Id;
        SwimlaneId = swimlane.Id;
        Rank = rank;
        Touch(now);
        Record(new CardMoved(BoardId, Id, fromColumn, fromLane, ColumnId, SwimlaneId, Rank));
    }

    /// <summary>A new rank key from a rebalance of the card's cell: the order stays, so no activity and no version.</summary>
    public void Rerank(string rank) => Rank = rank;

    public void Block(string reason, DateTimeOffset now)
    {
        EnsureActive();
        reason = Guard.Text(reason, BlockedReasonMaxLength, "reason");
        if (IsBlocked && reason == BlockedReason)
            return;
        IsBlocked = true;
        BlockedReason = reason;
        Touch(now);
        Record(new CardBlocked(BoardId, Id, reason));
    }

    public void Unblock(DateTimeOffset now)
    {
        EnsureActive();
        if (!IsBlocked)
            return;
        IsBlocked = false;
        BlockedReason = null;
        Touch(now);
        Record(new CardUnblocked(BoardId, Id));
    }

    public void Archive(DateTimeOffset now)
    {
        if (IsArchived)
            return;
        IsArchived = true;
        ArchivedAt = now;
        Touch(now);
        Record(new CardArchived(BoardId, Id));
    }

    /// <summary>Brings an archived card back; the caller has checked its column's WIP limit.</summary>
    public void Restore(DateTimeOffset now)
    {
        if (!IsArchived)
            return;
        if (MergedInto is not null)
            throw DomainException.Invalid("cardId", "The card was merged into another card; it stays archived.");
        IsArchived = false;
        ArchivedAt = null;
        Touch(now);
        Record(new CardRestored(BoardId, Id));
    }

    /// <summary>Adds second-hand evidence naming no customer.</summary>
    public Evidence AddEvidence(EvidenceKind kind, string content, string? source, string recordedBy, DateTimeOffset now) =>
        AddEvidence(kind, content, source, null, EvidenceProximity.SecondHand, recordedBy, now);

    public void RemoveEvidence(Guid evidenceId, DateTimeOffset now)
    {
        EnsureActive();
        var evidence = _evidence.Find(e => e.Id == evidenceId) ?? throw DomainException.NotFound("Evidence", evidenceId);
        _evidence.Remove(evidence);
        Remeasure();
        Touch(now);
        Record(new EvidenceRemoved(BoardId, Id, evidence.Id, evidence.Kind, evidence.Content, evidence.Source));
    }

    /// <summary>Starts planning an experiment against the problem; the card's experiments must be loaded.</summary>
    public Experiment AddExperiment(string hypothesis, string measure, string createdBy, DateTimeOffset now)
    {
        EnsureActive();
        if (_experiments.Count >= MaxExperiments)
            throw DomainException.Invalid("cardId", $"A card holds at most {MaxExperiments} experiments.");
        var experiment = new Experiment(Id, hypothesis, measure, Guard.UserId(createdBy, "createdBy"), now);
        _experiments.Add(experiment);
        Touch(now);
        Record(new ExperimentAdded(BoardId, Id, experiment.Id, experiment.Hypothesis, experiment.Measure));
        return experiment;
    }

    /// <summary>Edits, runs or concludes one of the card's experiments (loaded); a change that changes nothing records nothing.</summary>
    public Experiment ChangeExperiment(Guid experimentId, ExperimentChange change, DateTimeOffset now)
    {
        EnsureActive();
        var experiment = _experiments.Find(e => e.Id == experimentId) ?? throw DomainException.NotFound("Experiment", experimentId);
        var changed = experiment.Apply(change, now);
        if (changed.Count == 0)
            return experiment;
        Touch(now);
        Record(new ExperimentUpdated(BoardId, Id, experiment.Id, changed, experiment.Status, experiment.Learning));
        return experiment;
    }

    public bool HasVoteFrom(string voterId) => _votes.Exists(v => v.VoterId == voterId.Trim());

    public void CastVote(string voterId, DateTimeOffset now)
    {
        EnsureActive();
        voterId = Guard.UserId(voterId, "voterId");
        if (HasVoteFrom(voterId))
            return;
        _votes.Add(new Vote(Id, voterId, now));
        VoteCount = _votes.Count;
        Rescore();
        Touch(now);
        Record(new VoteCast(BoardId, Id, voterId, _votes.Count));
    }

    public void WithdrawVote(string voterId, DateTimeOffset now)
    {
        EnsureActive();
        voterId = Guard.UserId(voterId, "voterId");
        var vote = _votes.Find(v => v.VoterId == voterId);
        if (vote is null)
            return;
        _votes.Remove(vote);
        VoteCount = _votes.Count;
        Rescore();
        Touch(now);
        Record(new VoteWithdrawn(BoardId, Id, voterId, _votes.Count));
    }

    /// <summary>
    /// A comment added, edited or deleted: activity on the card (the stale clock restarts), not a change to it (no
    /// version). An archived card has no stale clock; its comments may still be deleted.
    /// </summary>
    public void NoteDiscussion(DateTimeOffset now)
    {
        if (IsArchived)
            return;
        LastActivityAt = now;
        Unflag("activity");
    }

    public void EnsureActive()
    {
        if (IsArchived)
            throw DomainException.Invalid("cardId", "The card is archived; restore it first.");
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        LastActivityAt = now;
        Version++;
        Unflag("activity");
    }

    private List<string> Apply(CardDetails details)
    {
        var valid = details.Checked();
        var changed = new List<string>();
        if (valid.Title != Title) { Title = valid.Title; changed.Add("title"); }
        if (valid.ProblemStatement != ProblemStatement) { ProblemStatement = valid.ProblemStatement!; changed.Add("problemStatement"); }
        if (valid.CustomerKind != CustomerKind) { CustomerKind = valid.CustomerKind; changed.Add("customerKind"); }
        if (valid.Impact != Impact) { Impact = valid.Impact; Rescore(); changed.Add("impact"); }
        if (valid.Reach != Reach) { Reach = valid.Reach; changed.Add("reach"); }
        if (!valid.Tags.SequenceEqual(Tags)) { Tags = valid.Tags; changed.Add("tags"); }
        if (!valid.Assignees.SequenceEqual(Assignees)) { Assignees = valid.Assignees; changed.Add("assignees"); }
        return changed;
    }
}

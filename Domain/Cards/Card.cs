using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

/// <summary>The editable description of a customer problem.</summary>
public sealed record CardDetails(
    string Title,
    string? ProblemStatement,
    CustomerKind CustomerKind,
    int Impact,
    int Reach,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Assignees);

/// <summary>One customer problem on a board.</summary>
public sealed class Card : AggregateRoot
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
        IsArchived = false;
        ArchivedAt = null;
        Touch(now);
        Record(new CardRestored(BoardId, Id));
    }

    public Evidence AddEvidence(EvidenceKind kind, string content, string? source, string recordedBy, DateTimeOffset now)
    {
        EnsureActive();
        if (_evidence.Count >= MaxEvidence)
            throw DomainException.Invalid("cardId", $"A card holds at most {MaxEvidence} pieces of evidence.");
        var evidence = new Evidence(Id, kind, content, source, Guard.UserId(recordedBy, "recordedBy"), now);
        _evidence.Add(evidence);
        Touch(now);
        Record(new EvidenceAdded(BoardId, Id, evidence.Id, evidence.Kind, evidence.Content, evidence.Source));
        return evidence;
    }

    public void RemoveEvidence(Guid evidenceId, DateTimeOffset now)
    {
        EnsureActive();
        var evidence = _evidence.Find(e => e.Id == evidenceId) ?? throw DomainException.NotFound("Evidence", evidenceId);
        _evidence.Remove(evidence);
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
        Touch(now);
        Record(new VoteWithdrawn(BoardId, Id, voterId, _votes.Count));
    }

    private void EnsureActive()
    {
        if (IsArchived)
            throw DomainException.Invalid("cardId", "The card is archived; restore it first.");
    }

    /// <summary>
    /// Flags the card stale if, at <paramref name="now"/>, it is past <paramref name="threshold"/> by the column's basis.
    /// Checks everything again (the scan's query may be stale itself): flags nothing twice, nothing archived or snoozed.
    /// Not an edit: no version, no activity.
    /// </summary>
    public bool FlagStaleIfOverdue(TimeSpan threshold, StaleBasis basis, DateTimeOffset now)
    {
        if (IsStale || IsArchived || SnoozedUntil > now)
            return false;
        var since = basis == StaleBasis.TimeInColumn ? EnteredColumnAt : LastActivityAt;
        if (now - since < threshold)
            return false;
        StaleSince = now;
        Record(new CardFlaggedStale(BoardId, Id, basis, threshold, since));
        return true;
    }

    /// <summary>Silences the stale scan for this card until <paramref name="until"/>, and clears a flag it has.</summary>
    public void Snooze(DateTimeOffset until, DateTimeOffset now)
    {
        EnsureActive();
        if (until <= now || until > now + MaxSnooze)
            throw DomainException.Invalid("until", $"Snooze until a time in the next {MaxSnooze.TotalDays:0} days.");
        SnoozedUntil = until;
        Record(new CardSnoozed(BoardId, Id, until));
        Unflag("snoozed");
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        LastActivityAt = now;
        Version++;
        Unflag("activity");
    }

    /// <summary>Real activity (or a snooze) ends a stale spell.</summary>
    private void Unflag(string reason)
    {
        if (StaleSince is null)
            return;
        StaleSince = null;
        Record(new CardUnflagged(BoardId, Id, reason));
    }

    private List<string> Apply(CardDetails details)
    {
        var title = Guard.Text(details.Title, TitleMaxLength, "title");
        var problem = Guard.OptionalText(details.ProblemStatement, ProblemStatementMaxLength, "problemStatement");
        if (!Enum.IsDefined(details.CustomerKind))
            throw DomainException.Invalid("customerKind", "Unknown customer kind.");
        if (details.Impact is < ImpactMin or > ImpactMax)
            throw DomainException.Invalid("impact", $"Impact must be between {ImpactMin} and {ImpactMax}.");
        if (details.Reach is < 0 or > ReachMax)
            throw DomainException.Invalid("reach", $"Reach must be between 0 and {ReachMax}.");
        var tags = NormaliseList(details.Tags, TagMaxLength, MaxTags, "tags", ignoreCase: true);
        var assignees = NormaliseList(details.Assignees, UserLimits.IdMaxLength, MaxAssignees, "assignees", ignoreCase: false);

        var changed = new List<string>();
        if (title != Title) { Title = title; changed.Add("title"); }
        if (problem != ProblemStatement) { ProblemStatement = problem; changed.Add("problemStatement"); }
        if (details.CustomerKind != CustomerKind) { CustomerKind = details.CustomerKind; changed.Add("customerKind"); }
        if (details.Impact != Impact) { Impact = details.Impact; changed.Add("impact"); }
        if (details.Reach != Reach) { Reach = details.Reach; changed.Add("reach"); }
        if (!tags.SequenceEqual(Tags)) { Tags = tags; changed.Add("tags"); }
        if (!assignees.SequenceEqual(Assignees)) { Assignees = assignees; changed.Add("assignees"); }
        return changed;
    }

    private static List<string> NormaliseList(IReadOnlyList<string>? values, int maxLength, int maxCount, string field, bool ignoreCase)
    {
        var result = new List<string>();
        foreach (var raw in values ?? [])
        {
            var value = Guard.Text(raw, maxLength, field);
            if (!result.Contains(value, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal))
                result.Add(value);
        }

        if (result.Count > maxCount)
            throw DomainException.Invalid(field, $"At most {maxCount} {field} are allowed.");
        return result;
    }
}

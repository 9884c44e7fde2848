using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Comments;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Domain.Flow;
using KanbanCustomer.Domain.Insights;
using KanbanCustomer.Domain.Watching;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Export;

/// <summary>One method per section: each row checked and built, its references resolved through the ids given so far.</summary>
public sealed partial class BoardImport
{
    private void BuildBoard(BoardFileContent file)
    {
        var row = file.Board;
        var columns = file.Columns.Select((c, i) => (Row: c, Path: $"$.columns[{i}]")).OrderBy(c => c.Row.Position).ToList();
        var lanes = file.Swimlanes.Select((s, i) => (Row: s, Path: $"$.swimlanes[{i}]")).OrderBy(s => s.Row.Position).ToList();
        Require(columns.Count is > 0 and <= Board.MaxColumns, "$.columns", $"A board has 1-{Board.MaxColumns} columns.");
        Require(lanes.Count is > 0 and <= Board.MaxSwimlanes, "$.swimlanes", $"A board has 1-{Board.MaxSwimlanes} swimlanes.");
        Require(columns.Select(c => c.Row.Position).SequenceEqual(Enumerable.Range(0, columns.Count)), "$.columns", "Column positions must be 0 to n-1, each once.");
        Require(lanes.Select(s => s.Row.Position).SequenceEqual(Enumerable.Range(0, lanes.Count)), "$.swimlanes", "Swimlane positions must be 0 to n-1, each once.");
        Require(columns.Count(c => c.Row.IsCommitmentPoint) <= 1, "$.columns", "Only one column can be the commitment point.");
        var columnSpecs = columns.Select(c => new ColumnSpec(c.Row.Name, c.Row.WipLimit, c.Row.StaleAfter, c.Row.IsCommitmentPoint, c.Row.IsDone,
            c.Row.StaleBasis, c.Row.AutoStaleAfter)).ToList();
        var laneSpecs = lanes.Select(s => new SwimlaneSpec(s.Row.Name, s.Row.CustomerKind)).ToList();
        // Each column and lane alone first, so a refusal names the row; then together (names unique, counts).
        Domain("$.board", () => Board.Create(row.Name, _importer, _now));
        for (var i = 0; i < columns.Count; i++)
            Domain(columns[i].Path, () => Board.Create(row.Name, _importer, _now, [columnSpecs[i]]));
        for (var i = 0; i < lanes.Count; i++)
            Domain(lanes[i].Path, () => Board.Create(row.Name, _importer, _now, swimlanes: [laneSpecs[i]]));
        _board = Domain("$", () => Board.Create(row.Name, _importer, _now, columnSpecs, laneSpecs));
        Claim(row.Id, _board.Id, "$.board.id");
        for (var i = 0; i < columns.Count; i++)
        {
            Same(_board.Columns[i].Name, columns[i].Row.Name, columns[i].Path + ".name");
            Claim(columns[i].Row.Id, _board.Columns[i].Id, columns[i].Path + ".id");
        }

        for (var i = 0; i < lanes.Count; i++)
        {
            Same(_board.Swimlanes[i].Name, lanes[i].Row.Name, lanes[i].Path + ".name");
            Claim(lanes[i].Row.Id, _board.Swimlanes[i].Id, lanes[i].Path + ".id");
        }

        Same(_board.Name, row.Name, "$.board.name");
        Domain("$.board", () => _board.SetDefaultStaleAfter(row.DefaultStaleAfter));
        Set(_board, b => b.CreatedBy, UserId(row.CreatedBy, "$.board.createdBy"));
        Set(_board, b => b.CreatedAt, row.CreatedAt);
        Require(row.LastEventSeq >= 0, "$.board.lastEventSeq", "The last event number cannot be negative.");
        Set(_board, b => b.LastEventSeq, row.LastEventSeq);
    }

    /// <summary>
    /// The importer is admin (kept at the file's date when the file has them); others stay members with their roles when
    /// they are known here as users, and are left out otherwise (what they wrote keeps their user id).
    /// </summary>
    private async Task BuildMembersAsync(IReadOnlyList<MemberRow> members, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            var path = $"$.members[{i}]";
            Require(seen.Add(UserId(members[i].UserId, path + ".userId")), path + ".userId", "The member is listed twice.");
            UserId(members[i].AddedBy, path + ".addedBy");
            Require(Enum.IsDefined(members[i].Role), path + ".role", "Unknown role.");
        }

        var ids = seen.ToList();
        var known = (await _db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            var row = members[i];
            var path = $"$.members[{i}]";
            var member = row.UserId == _importer
                ? _board.Members.Single(m => m.UserId == _importer)
                : known.Contains(row.UserId) ? Domain(path, () => _board.AddMember(row.UserId, row.Role, row.AddedBy, _now)) : null;
            if (member is null)
                continue;
            Set(member, m => m.AddedBy, row.AddedBy);
            Set(member, m => m.AddedAt, row.AddedAt);
        }
    }

    private void BuildCustomers(IReadOnlyList<CustomerRow> customers)
    {
        var refs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < customers.Count; i++)
        {
            var row = customers[i];
            var path = $"$.customers[{i}]";
            var segment = row.SegmentId is { } s ? Lane(s, path + ".segmentId") : (Guid?)null;
            var customer = Domain(path, () => Customer.Add(_board, new CustomerDetails(row.Name, row.Kind, segment, row.ExternalRef, row.Notes),
                UserId(row.CreatedBy, path + ".createdBy"), _now));
            Same(customer.Name, row.Name, path + ".name");
            Same(customer.Notes, row.Notes, path + ".notes");
            Same(customer.ExternalRef, row.ExternalRef, path + ".externalRef");
            Require(customer.ExternalRef is null || refs.Add(customer.ExternalRef), path + ".externalRef", "Another customer already has this external reference.");
            Require(row.Version >= 1, path + ".version", "The version starts at 1.");
            Archived(row.IsArchived, row.ArchivedAt, path);
            Set(customer, c => c.Id, Claim(row.Id, _ids.Next(), path + ".id"));
            Set(customer, c => c.CreatedAt, row.CreatedAt);
            Set(customer, c => c.UpdatedAt, row.UpdatedAt);
            Set(customer, c => c.Version, row.Version);
            _customers.Add(row.Id, customer);
        }
    }

    /// <summary>Archives the customers the file has archived, once evidence and insights (which need them usable) are in.</summary>
    private void FinishCustomers(IReadOnlyList<CustomerRow> customers)
    {
        foreach (var row in customers.Where(c => c.IsArchived))
        {
            var customer = _customers[row.Id];
            Set(customer, c => c.IsArchived, true);
            Set(customer, c => c.ArchivedAt, row.ArchivedAt);
        }
    }

    private void BuildCards(IReadOnlyList<CardRow> cards)
    {
        for (var i = 0; i < cards.Count; i++)
        {
            var row = cards[i];
            var path = $"$.cards[{i}]";
            var column = _board.GetColumn(Column(row.ColumnId, path + ".columnId"));
            var lane = _board.GetSwimlane(Lane(row.SwimlaneId, path + ".swimlaneId"));
            Require(RankKey.IsValid(row.Rank), path + ".rank", "The rank is not a rank key.");
            var details = new CardDetails(row.Title, row.ProblemStatement, row.CustomerKind, row.Impact, row.Reach, row.Tags, row.Assignees);
            var card = Domain(path, () => Card.Report(_board, column, lane, row.Rank, details, UserId(row.ReporterId, path + ".reporterId"), row.CreatedAt));
            Same(card.Title, row.Title, path + ".title");
            Same(card.ProblemStatement, row.ProblemStatement, path + ".problemStatement");
            Same(card.Tags, row.Tags, path + ".tags");
            Same(card.Assignees, row.Assignees, path + ".assignees");
            Set(card, c => c.Id, Claim(row.Id, _ids.Next(), path + ".id"));
            _cards.Add(row.Id, card);
        }
    }

    /// <summary>
    /// The card's own state, once its evidence, votes, experiments and comments (which need it active) are in: blocked,
    /// archived, merged, stale, snoozed, its version and times; then its measures from what it holds.
    /// </summary>
    private void FinishCards(IReadOnlyList<CardRow> cards)
    {
        for (var i = 0; i < cards.Count; i++)
        {
            var row = cards[i];
            var path = $"$.cards[{i}]";
            var card = _cards[row.Id];
            if (row.IsBlocked)
                Domain(path + ".blockedReason", () => card.Block(row.BlockedReason!, _now));
            else
                Require(row.BlockedReason is null, path + ".blockedReason", "A card that is not blocked has no blocked reason.");
            Same(card.BlockedReason, row.BlockedReason, path + ".blockedReason");
            Archived(row.IsArchived, row.ArchivedAt, path);
            if (row.MergedInto is { } into)
            {
                Require(_cards.TryGetValue(into, out var target) && into != row.Id, path + ".mergedInto", "The card it was merged into is not a card of the file.");
                Require(row.IsArchived, path + ".isArchived", "A merged card is archived.");
                Set(card, c => c.MergedInto, target!.Id);
            }

            Require(row.Version >= 1, path + ".version", "The version starts at 1.");
            Set(card, c => c.IsArchived, row.IsArchived);
            Set(card, c => c.ArchivedAt, row.ArchivedAt);
            Set(card, c => c.Version, row.Version);
            Set(card, c => c.CreatedAt, row.CreatedAt);
            Set(card, c => c.UpdatedAt, row.UpdatedAt);
            Set(card, c => c.LastActivityAt, row.LastActivityAt);
            Set(card, c => c.EnteredColumnAt, row.EnteredColumnAt);
            Set(card, c => c.StaleSince, row.StaleSince);
            Set(card, c => c.SnoozedUntil, row.SnoozedUntil);
            card.MeasureLoaded();
        }
    }

    private void BuildEvidence(IReadOnlyList<EvidenceRow> evidence)
    {
        for (var i = 0; i < evidence.Count; i++)
        {
            var row = evidence[i];
            var path = $"$.evidence[{i}]";
            var card = CardOf(row.CardId, path + ".cardId");
            var customer = row.CustomerId is { } c ? CustomerOf(c, path + ".customerId") : null;
            var piece = Domain(path, () => card.AddEvidence(row.Kind, row.Content, row.Source, customer, row.Proximity,
                UserId(row.RecordedBy, path + ".recordedBy"), _now, row.RecordedAt));
            Same(piece.Content, row.Content, path + ".content");
            Same(piece.Source, row.Source, path + ".source");
            Set(piece, e => e.Id, Claim(row.Id, _ids.Next(), path + ".id"));
            _evidence.Add(row.Id);
            Set(piece, e => e.RecordedAt, row.RecordedAt);
        }
    }

    private void BuildVotes(IReadOnlyList<VoteRow> votes)
    {
        for (var i = 0; i < votes.Count; i++)
        {
            var row = votes[i];
            var path = $"$.votes[{i}]";
            var card = CardOf(row.CardId, path + ".cardId");
            var voter = UserId(row.VoterId, path + ".voterId");
            Require(!card.HasVoteFrom(voter), path, "The person voted on the card twice.");
            Domain(path, () => card.CastVote(voter, row.CastAt));
        }
    }

    private void BuildExperiments(IReadOnlyList<ExperimentRow> experiments)
    {
        for (var i = 0; i < experiments.Count; i++)
        {
            var row = experiments[i];
            var path = $"$.experiments[{i}]";
            var card = CardOf(row.CardId, path + ".cardId");
            var experiment = Domain(path, () => card.AddExperiment(row.Hypothesis, row.Measure, UserId(row.CreatedBy, path + ".createdBy"), row.CreatedAt));
            // The status is reached the way the domain allows: planned, running, then the conclusion (or abandoned on the way).
            var ran = row.StartedAt is not null || row.Status is ExperimentStatus.Running or ExperimentStatus.Validated or ExperimentStatus.Invalidated;
            if (ran)
                Domain(path, () => card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: ExperimentStatus.Running), _now));
            Domain(path, () => card.ChangeExperiment(experiment.Id, new ExperimentChange(Learning: row.Learning,
                Status: row.Status == ExperimentStatus.Planned && ran ? null : row.Status), _now));
            Require(experiment.Status == row.Status, path + ".status", "The status cannot be reached from the experiment's start and conclusion times.");
            Same(experiment.Hypothesis, row.Hypothesis, path + ".hypothesis");
            Same(experiment.Measure, row.Measure, path + ".measure");
            Same(experiment.Learning, row.Learning, path + ".learning");
            Require(ran == row.StartedAt is not null, path + ".startedAt", "A running or concluded-after-running experiment has a start time, others none.");
            Require(experiment.IsConcluded == row.ConcludedAt is not null, path + ".concludedAt", "A concluded experiment has a conclusion time, others none.");
            Set(experiment, e => e.Id, Claim(row.Id, _ids.Next(), path + ".id"));
            Set(experiment, e => e.UpdatedAt, row.UpdatedAt);
            Set(experiment, e => e.StartedAt, row.StartedAt);
            Set(experiment, e => e.ConcludedAt, row.ConcludedAt);
        }
    }

    private void BuildInsights(IReadOnlyList<InsightRow> insights)
    {
        for (var i = 0; i < insights.Count; i++)
        {
            var row = insights[i];
            var path = $"$.insights[{i}]";
            var customer = row.CustomerId is { } c ? CustomerOf(c, path + ".customerId") : null;
            var insight = Domain(path, () => Insight.Submit(_board, row.Text, customer, row.Proximity, row.Origin, UserId(row.SubmittedBy, path + ".submittedBy"),
                row.SubmittedAt));
            Same(insight.Text, row.Text, path + ".text");
            Same(insight.Origin, row.Origin, path + ".origin");
            switch (row.Status)
            {
                case InsightStatus.New:
                    Require(row.CardId is null && row.EvidenceId is null && row.DismissReason is null && row.TriagedBy is null && row.TriagedAt is null,
                        path, "An insight in the inbox has no triage.");
                    break;
                case InsightStatus.Dismissed:
                    Require(row.CardId is null && row.EvidenceId is null && row.TriagedAt is not null, path, "A dismissed insight has a triage time and no card.");
                    Domain(path, () => insight.Dismiss(row.DismissReason!, UserId(row.TriagedBy, path + ".triagedBy"), row.TriagedAt!.Value));
                    Same(insight.DismissReason, row.DismissReason, path + ".dismissReason");
                    break;
                case InsightStatus.Attached or InsightStatus.Promoted:
                    Require(row.DismissReason is null && row.TriagedAt is not null, path, "An attached or promoted insight has a triage time and no dismiss reason.");
                    Set(insight, x => x.Status, row.Status);
                    Set(insight, x => x.CardId, CardOf(row.CardId ?? Guid.Empty, path + ".cardId").Id);
                    Require(row.EvidenceId is { } e && _evidence.Contains(e), path + ".evidenceId", "No evidence of the file has this id.");
                    Set(insight, x => x.EvidenceId, _map[row.EvidenceId!.Value]);
                    Set(insight, x => x.TriagedBy, UserId(row.TriagedBy, path + ".triagedBy"));
                    Set(insight, x => x.TriagedAt, row.TriagedAt);
                    break;
                default:
                    throw ImportException.Invalid(path + ".status", "Unknown insight status.");
            }

            Set(insight, x => x.Id, Claim(row.Id, _ids.Next(), path + ".id"));
            _insights.Add(insight);
        }
    }

    /// <summary>
    /// Comments as their author posted them, then edited or deleted as the file says. Mentions are kept as written
    /// (people mentioned may have left since); each is still a user id, at most <see cref="Comment.MaxMentions"/>.
    /// </summary>
    private void BuildComments(IReadOnlyList<CommentRow> comments)
    {
        for (var i = 0; i < comments.Count; i++)
        {
            var row = comments[i];
            var path = $"$.comments[{i}]";
            var card = CardOf(row.CardId, path + ".cardId");
            var deleted = row.DeletedAt is not null;
            Require(deleted == row.DeletedBy is not null, path + ".deletedBy", "A deleted comment names who deleted it, others nobody.");
            Require(!deleted || (row.Text.Length == 0 && row.Mentions.Count == 0), path + ".text", "A deleted comment keeps no text and no mentions.");
            var comment = Domain(path, () => Comment.Post(_board, card, UserId(row.AuthorId, path + ".authorId"), deleted ? "(deleted)" : row.Text, [], row.CreatedAt));
            Require(row.Mentions.Count <= Comment.MaxMentions, path + ".mentions", $"A comment mentions at most {Comment.MaxMentions} people.");
            for (var m = 0; m < row.Mentions.Count; m++)
                UserId(row.Mentions[m], $"{path}.mentions[{m}]");
            Require(row.Mentions.Distinct(StringComparer.Ordinal).Count() == row.Mentions.Count, path + ".mentions", "A person is mentioned twice.");
            Require(row.Version >= 1, path + ".version", "The version starts at 1.");
            if (deleted)
            {
                Set(comment, c => c.Text, "");
                Set(comment, c => c.DeletedAt, row.DeletedAt);
                Set(comment, c => c.DeletedBy, UserId(row.DeletedBy, path + ".deletedBy"));
            }
            else
            {
                Same(comment.Text, row.Text, path + ".text");
            }

            Set(comment, c => c.Mentions, row.Mentions.ToList());
            Set(comment, c => c.EditedAt, row.EditedAt);
            Set(comment, c => c.Version, row.Version);
            Set(comment, c => c.Id, Claim(row.Id, _ids.Next(), path + ".id"));
            _comments.Add(comment);
        }
    }

    private void BuildWatches(IReadOnlyList<WatchRow> watches)
    {
        var seen = new HashSet<(Guid, string)>();
        for (var i = 0; i < watches.Count; i++)
        {
            var row = watches[i];
            var path = $"$.watches[{i}]";
            var card = CardOf(row.CardId, path + ".cardId");
            Require(seen.Add((row.CardId, UserId(row.UserId, path + ".userId"))), path, "The person watches the card twice.");
            _watches.Add(new CardWatch(_board.Id, card.Id, row.UserId, row.Since));
        }
    }

    private void BuildTransitions(IReadOnlyList<TransitionRow> transitions, long lastEventSeq)
    {
        for (var i = 0; i < transitions.Count; i++)
        {
            var row = transitions[i];
            var path = $"$.transitions[{i}]";
            var card = CardOf(row.CardId, path + ".cardId");
            Require(row.EventSeq >= 1 && row.EventSeq <= lastEventSeq, path + ".eventSeq", "The step's event number is not one of the board's.");
            Require(Enum.IsDefined(row.CustomerKind), path + ".customerKind", "Unknown customer kind.");
            var column = row.ColumnId is { } c ? Column(c, path + ".columnId") : (Guid?)null;
            _transitions.Add(new CardTransition(_board.Id, card.Id, row.EventSeq, row.At, column, Lane(row.SwimlaneId, path + ".swimlaneId"), row.CustomerKind,
                row.IsBlocked));
        }
    }

    private void BuildEvents(IReadOnlyList<EventRow> events, long lastEventSeq)
    {
        var previous = 0L;
        for (var i = 0; i < events.Count; i++)
        {
            var row = events[i];
            var path = $"$.events[{i}]";
            Require(row.Seq > previous && row.Seq <= lastEventSeq, path + ".seq", "Event numbers increase and end at the board's last event number.");
            previous = row.Seq;
            Require(BoardChanges.TypeNames.Contains(row.Type), path + ".type", "Unknown event type.");
            Require(row.Payload.ValueKind == System.Text.Json.JsonValueKind.Object, path + ".payload", "The payload is an object.");
            var cardId = row.CardId is { } c ? CardOf(c, path + ".cardId").Id : (Guid?)null;
            UserId(row.ActorId, path + ".actorId");
            Require(row.ActorName.Length is > 0 and <= UserLimits.NameMaxLength, path + ".actorName", $"The actor's name is 1-{UserLimits.NameMaxLength} characters.");
            var e = new BoardEvent(_board.Id, row.Seq, row.Type, cardId, EventPayloads.Rewrite(row.Payload, _map), row.ActorId, row.ActorName, row.OccurredAt);
            Set(e, x => x.PublishedAt, _now);
            _events.Add(e);
        }
    }

    private Guid Column(Guid fileId, string path) =>
        _map.TryGetValue(fileId, out var id) && _board.Columns.Any(c => c.Id == id) ? id : throw ImportException.Invalid(path, "No column of the file has this id.");

    private Guid Lane(Guid fileId, string path) =>
        _map.TryGetValue(fileId, out var id) && _board.Swimlanes.Any(s => s.Id == id) ? id : throw ImportException.Invalid(path, "No swimlane of the file has this id.");

    private Card CardOf(Guid fileId, string path) =>
        _cards.TryGetValue(fileId, out var card) ? card : throw ImportException.Invalid(path, "No card of the file has this id.");

    private Customer CustomerOf(Guid fileId, string path) =>
        _customers.TryGetValue(fileId, out var customer) ? customer : throw ImportException.Invalid(path, "No customer of the file has this id.");
}

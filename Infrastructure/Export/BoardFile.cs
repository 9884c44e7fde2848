using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Insights;

namespace KanbanCustomer.Infrastructure.Export;

/// <summary>
/// The board file (docs/export-import.md): its name and version, and one row type per kind of content. Export writes
/// these rows and import reads them, so the format is declared once. Ids are the file's own: import gives every
/// object a new one and rewrites the references.
/// </summary>
public static class BoardFile
{
    public const string Format = "kanbancustomer-board";
    public const int Version = 1;

    /// <summary>The sections after the board, in the order they are written (and must be read: references point back).</summary>
    public static readonly string[] Sections =
        ["columns", "swimlanes", "members", "customers", "cards", "evidence", "votes", "experiments", "insights", "comments", "watches", "transitions", "events"];

    /// <summary>camelCase names, enums by camelCase name, every member required and no unknown one: a file either matches the format or is refused.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };
}

/// <summary>The whole file as import reads it.</summary>
public sealed record BoardFileContent(
    string Format,
    int Version,
    DateTimeOffset ExportedAt,
    BoardRow Board,
    IReadOnlyList<ColumnRow> Columns,
    IReadOnlyList<SwimlaneRow> Swimlanes,
    IReadOnlyList<MemberRow> Members,
    IReadOnlyList<CustomerRow> Customers,
    IReadOnlyList<CardRow> Cards,
    IReadOnlyList<EvidenceRow> Evidence,
    IReadOnlyList<VoteRow> Votes,
    IReadOnlyList<ExperimentRow> Experiments,
    IReadOnlyList<InsightRow> Insights,
    IReadOnlyList<CommentRow> Comments,
    IReadOnlyList<WatchRow> Watches,
    IReadOnlyList<TransitionRow> Transitions,
    IReadOnlyList<EventRow> Events);

public sealed record BoardRow(Guid Id, string Name, string CreatedBy, DateTimeOffset CreatedAt, TimeSpan? DefaultStaleAfter, long LastEventSeq);

public sealed record ColumnRow(Guid Id, string Name, int Position, int? WipLimit, TimeSpan? StaleAfter, StaleBasis StaleBasis, bool AutoStaleAfter,
    bool IsCommitmentPoint, bool IsDone);

public sealed record SwimlaneRow(Guid Id, string Name, CustomerKind CustomerKind, int Position);

/// <summary>A member; the name is the one the person last signed in with (for reading, import ignores it).</summary>
public sealed record MemberRow(string UserId, string? Name, BoardRole Role, string AddedBy, DateTimeOffset AddedAt);

public sealed record CustomerRow(Guid Id, string Name, CustomerKind Kind, Guid? SegmentId, string? ExternalRef, string Notes, bool IsArchived,
    DateTimeOffset? ArchivedAt, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version);

/// <summary>A card as stored, without its measures (evidence and vote counts, score key): import measures them again.</summary>
public sealed record CardRow(Guid Id, Guid ColumnId, Guid SwimlaneId, string Rank, string Title, string ProblemStatement, CustomerKind CustomerKind,
    int Impact, int Reach, IReadOnlyList<string> Tags, IReadOnlyList<string> Assignees, string ReporterId, bool IsBlocked, string? BlockedReason,
    bool IsArchived, DateTimeOffset? ArchivedAt, Guid? MergedInto, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset LastActivityAt, DateTimeOffset EnteredColumnAt, DateTimeOffset? StaleSince, DateTimeOffset? SnoozedUntil);

public sealed record EvidenceRow(Guid Id, Guid CardId, EvidenceKind Kind, string Content, string Source, Guid? CustomerId, EvidenceProximity Proximity,
    string RecordedBy, DateTimeOffset RecordedAt);

public sealed record VoteRow(Guid CardId, string VoterId, DateTimeOffset CastAt);

public sealed record ExperimentRow(Guid Id, Guid CardId, string Hypothesis, string Measure, ExperimentStatus Status, string Learning, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StartedAt, DateTimeOffset? ConcludedAt);

public sealed record InsightRow(Guid Id, string Text, Guid? CustomerId, EvidenceProximity Proximity, string Origin, string SubmittedBy,
    DateTimeOffset SubmittedAt, InsightStatus Status, Guid? CardId, Guid? EvidenceId, string? DismissReason, string? TriagedBy, DateTimeOffset? TriagedAt);

/// <summary>A comment; a deleted one is a tombstone (no text, no mentions, <see cref="DeletedAt"/> set).</summary>
public sealed record CommentRow(Guid Id, Guid CardId, string AuthorId, string Text, IReadOnlyList<string> Mentions, DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt, DateTimeOffset? DeletedAt, string? DeletedBy, int Version);

public sealed record WatchRow(Guid CardId, string UserId, DateTimeOffset Since);

/// <summary>A step of the flow history (<see cref="Domain.Flow.CardTransition"/>); a null column: archived or merged away.</summary>
public sealed record TransitionRow(Guid CardId, long EventSeq, DateTimeOffset At, Guid? ColumnId, Guid SwimlaneId, CustomerKind CustomerKind, bool IsBlocked);

/// <summary>An event of the board's log, its payload as stored (ids in it are rewritten on import like every other).</summary>
public sealed record EventRow(long Seq, string Type, Guid? CardId, JsonElement Payload, string ActorId, string ActorName, DateTimeOffset OccurredAt);

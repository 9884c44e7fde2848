using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using Riok.Mapperly.Abstractions;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>The card as it stood right after a change, kept in the change's event payload.</summary>
public sealed record CardSnapshot(
    Guid Id,
    Guid ColumnId,
    Guid SwimlaneId,
    string Rank,
    string Title,
    string ProblemStatement,
    CustomerKind CustomerKind,
    int Impact,
    int Reach,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Assignees,
    bool IsBlocked,
    string? BlockedReason,
    bool IsArchived,
    int Version,
    DateTimeOffset LastActivityAt,
    DateTimeOffset EnteredColumnAt,
    bool IsStale,
    DateTimeOffset? StaleSince,
    DateTimeOffset? SnoozedUntil,
    int VoteCount = 0,
    int CustomerCount = 0,
    int EvidenceCount = 0,
    DateTimeOffset? LastEvidenceAt = null,
    Guid? MergedInto = null);

[Mapper]
public static partial class SnapshotMapper
{
    [MapperIgnoreSource(nameof(Card.BoardId))]
    [MapperIgnoreSource(nameof(Card.ReporterId))]
    [MapperIgnoreSource(nameof(Card.ArchivedAt))]
    [MapperIgnoreSource(nameof(Card.CreatedAt))]
    [MapperIgnoreSource(nameof(Card.UpdatedAt))]
    [MapperIgnoreSource(nameof(Card.Evidence))]
    [MapperIgnoreSource(nameof(Card.Votes))]
    [MapperIgnoreSource(nameof(Card.Experiments))]
    [MapperIgnoreSource(nameof(Card.Changes))]
    [MapperIgnoreSource(nameof(Card.SelfEvidenceCount))]
    [MapperIgnoreSource(nameof(Card.DirectEvidenceCount))]
    [MapperIgnoreSource(nameof(Card.SecondHandEvidenceCount))]
    [MapperIgnoreSource(nameof(Card.EvidenceLog))]
    [MapperIgnoreSource(nameof(Card.ScoreKey))]
    public static partial CardSnapshot ToSnapshot(Card card);
}

/// <summary>How a change is written into <c>BoardEvent.Type</c> and <c>BoardEvent.Payload</c>.</summary>
public static class BoardEventPayload
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string TypeOf(BoardChange change) => change.GetType().Name;

    public static string Serialize(BoardChange change, Card? card)
    {
        var payload = JsonSerializer.SerializeToNode(change, change.GetType(), JsonOptions)!.AsObject();
        payload.Remove("boardId");
        if (card is not null)
            payload["card"] = JsonSerializer.SerializeToNode(SnapshotMapper.ToSnapshot(card), JsonOptions);
        return payload.ToJsonString(JsonOptions);
    }
}

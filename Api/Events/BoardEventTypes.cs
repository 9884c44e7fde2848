using System.Text.Json;
using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Comments;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Customers;
using KanbanCustomer.Api.Insights;
using KanbanCustomer.Api.Members;

namespace KanbanCustomer.Api.Events;

/// <summary>What every board event has; each kind of change is a type of its own with the changed object.</summary>
public sealed class BoardEventInterface : InterfaceGraphType<BoardEventView>
{
    public BoardEventInterface()
    {
        Name = "BoardEvent";
        Description = "One recorded change to a board; the log is append-only and numbered per board.";
        AddCommonFields(this);
    }

    private static readonly (string Name, Type GraphType, string Description, Func<BoardEventView, object?> Resolve)[] Common =
    [
        ("id", typeof(NonNullGraphType<IdGraphType>), "The event's global id.", e => e.NodeId),
        ("seq", typeof(NonNullGraphType<IntGraphType>), "Per-board sequence number, gapless from 1; resume after it with afterSeq.", e => (int)e.Event.Seq),
        ("type", typeof(NonNullGraphType<StringGraphType>), "What happened, e.g. CardMoved.", e => e.Type),
        ("occurredAt", typeof(NonNullGraphType<DateTimeOffsetGraphType>), "When it happened.", e => e.Event.OccurredAt),
        ("actor", typeof(NonNullGraphType<PersonType>), "Who made the change.", e => new Person(e.Event.ActorId, e.Event.ActorName)),
        ("boardId", typeof(NonNullGraphType<IdGraphType>), "The board.", e => Ids.Global("Board", e.Event.BoardId)),
        ("cardId", typeof(IdGraphType), "The card it concerns, if any.", e => Ids.Global("Card", e.Event.CardId)),
        ("payload", typeof(NonNullGraphType<StringGraphType>), "The change as a JSON object (the typed fields say the same).", e => e.Event.Payload),
    ];

    internal static void AddCommonFields(InterfaceGraphType<BoardEventView> type)
    {
        foreach (var field in Common)
            type.Field(field.Name, field.GraphType).Description(field.Description);
    }

    internal static void AddCommonFields(ObjectGraphType<BoardEventView> type)
    {
        foreach (var field in Common)
            type.Field(field.Name, field.GraphType).Description(field.Description).Resolve(ctx => field.Resolve(ctx.Source));
    }
}

/// <summary>A concrete event type for one or more stored event types.</summary>
public abstract class BoardEventObjectType : ObjectGraphType<BoardEventView>
{
    protected BoardEventObjectType(string name, string description, params string[] types)
    {
        Name = name;
        Description = description;
        Interface<NodeInterface>();
        Interface<BoardEventInterface>();
        IsTypeOf = source => source is BoardEventView view && types.Contains(view.Type, StringComparer.Ordinal);
        BoardEventInterface.AddCommonFields(this);
        Types = types;
    }

    public IReadOnlyList<string> Types { get; }

    protected void CardField() =>
        Field<NonNullGraphType<CardSnapshotType>>("card").Description("The card right after the change.").Resolve(ctx => ctx.Source.Get("card"));
}

public sealed class BoardChangedEventType : BoardEventObjectType
{
    public BoardChangedEventType() : base("BoardChangedEvent", "The board was created, renamed or given another policy.", "BoardCreated", "BoardRenamed", "BoardPolicyChanged")
    {
        Field<StringGraphType>("name").Description("The board's name after a creation or renaming.").Resolve(ctx => ctx.Source.Text("name"));
        Field<DurationGraphType>("defaultStaleAfter").Description("After a policy change: the board's default stale threshold.")
            .Resolve(ctx => ctx.Source.Text("defaultStaleAfter") is { } span ? TimeSpan.Parse(span, System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}

public sealed class MemberChangedEventType : BoardEventObjectType
{
    public MemberChangedEventType() : base("MemberChangedEvent", "Someone was added, given another role, or removed.", "MemberAdded", "MemberRoleChanged", "MemberRemoved")
    {
        Field<NonNullGraphType<StringGraphType>>("userId").Description("The member.").Resolve(ctx => ctx.Source.Text("userId"));
        Field<BoardRoleType>("role").Description("Their role now; null when removed.")
            .Resolve(ctx => ctx.Source.Text("role") is { } role ? Enum.Parse<Domain.Boards.BoardRole>(role, ignoreCase: true) : null);
    }
}

public sealed class ColumnChangedEventType : BoardEventObjectType
{
    public ColumnChangedEventType() : base("ColumnChangedEvent", "A column was added, changed, moved or removed.", "ColumnAdded", "ColumnUpdated", "ColumnMoved", "ColumnRemoved")
    {
        Field<NonNullGraphType<IdGraphType>>("columnId").Description("The column.").Resolve(ctx => ctx.Source.Id("columnId", "Column"));
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("fields").Description("For updates: the fields that changed.").Resolve(ctx => ctx.Source.Strings("fields"));
        Field<ColumnType>("column").Description("The column as it is now; null once removed.")
            .Resolve(ctx => ctx.BoardLoaders().ColumnById.Load(Guid.Parse(ctx.Source.Text("columnId")!)));
    }
}

public sealed class SwimlaneChangedEventType : BoardEventObjectType
{
    public SwimlaneChangedEventType() : base("SwimlaneChangedEvent", "A swimlane was added, changed, moved or removed.", "SwimlaneAdded", "SwimlaneUpdated", "SwimlaneMoved", "SwimlaneRemoved")
    {
        Field<NonNullGraphType<IdGraphType>>("swimlaneId").Description("The swimlane.").Resolve(ctx => ctx.Source.Id("swimlaneId", "Swimlane"));
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("fields").Description("For updates: the fields that changed.").Resolve(ctx => ctx.Source.Strings("fields"));
        Field<SwimlaneType>("swimlane").Description("The swimlane as it is now; null once removed.")
            .Resolve(ctx => ctx.BoardLoaders().SwimlaneById.Load(Guid.Parse(ctx.Source.Text("swimlaneId")!)));
    }
}

public sealed class CardCreatedEventType : BoardEventObjectType
{
    public CardCreatedEventType() : base("CardCreatedEvent", "A customer problem was reported.", "CardCreated") => CardField();
}

public sealed class CardUpdatedEventType : BoardEventObjectType
{
    public CardUpdatedEventType() : base("CardUpdatedEvent", "A card's description changed.", "CardUpdated")
    {
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fields").Description("The fields that changed.").Resolve(ctx => ctx.Source.Strings("fields"));
        CardField();
    }
}

public sealed class CardMovedEventType : BoardEventObjectType
{
    public CardMovedEventType() : base("CardMovedEvent", "A card moved to another column, swimlane or place.", "CardMoved")
    {
        Field<NonNullGraphType<IdGraphType>>("fromColumnId").Description("Where it was.").Resolve(ctx => ctx.Source.Id("fromColumnId", "Column"));
        Field<NonNullGraphType<IdGraphType>>("fromSwimlaneId").Description("Which swimlane it was in.").Resolve(ctx => ctx.Source.Id("fromSwimlaneId", "Swimlane"));
        Field<NonNullGraphType<IdGraphType>>("toColumnId").Description("Where it is now.").Resolve(ctx => ctx.Source.Id("toColumnId", "Column"));
        Field<NonNullGraphType<IdGraphType>>("toSwimlaneId").Description("Which swimlane it is in now.").Resolve(ctx => ctx.Source.Id("toSwimlaneId", "Swimlane"));
        Field<NonNullGraphType<StringGraphType>>("rank").Description("Its new rank key in the target cell.").Resolve(ctx => ctx.Source.Text("rank"));
        CardField();
    }
}

public sealed class CardStateChangedEventType : BoardEventObjectType
{
    public CardStateChangedEventType() : base("CardStateChangedEvent", "A card was archived, restored, blocked or unblocked.",
        "CardArchived", "CardRestored", "CardBlocked", "CardUnblocked")
    {
        Field<StringGraphType>("reason").Description("For CardBlocked: why.").Resolve(ctx => ctx.Source.Text("reason"));
        CardField();
    }
}

public sealed class CardStaleEventType : BoardEventObjectType
{
    public CardStaleEventType() : base("CardStaleEvent", "The stale scan flagged a card (CardFlaggedStale), a flag was cleared (CardUnflagged) or a card was snoozed (CardSnoozed).",
        "CardFlaggedStale", "CardUnflagged", "CardSnoozed")
    {
        Field<StaleBasisType>("basis").Description("For CardFlaggedStale: what the threshold measured.")
            .Resolve(ctx => ctx.Source.Text("basis") is { } basis ? Enum.Parse<Domain.Boards.StaleBasis>(basis, ignoreCase: true) : null);
        Field<DurationGraphType>("threshold").Description("For CardFlaggedStale: the threshold that was passed.")
            .Resolve(ctx => ctx.Source.Text("threshold") is { } span ? TimeSpan.Parse(span, System.Globalization.CultureInfo.InvariantCulture) : null);
        Field<DateTimeOffsetGraphType>("since").Description("For CardFlaggedStale: the moment the measured time started.").Resolve(ctx => ctx.Source.Get("since")?.GetDateTimeOffset());
        Field<StringGraphType>("reason").Description("For CardUnflagged: activity or snoozed.").Resolve(ctx => ctx.Source.Text("reason"));
        Field<DateTimeOffsetGraphType>("until").Description("For CardSnoozed: until when.").Resolve(ctx => ctx.Source.Get("until")?.GetDateTimeOffset());
        CardField();
    }
}

public sealed class EvidenceChangedEventType : BoardEventObjectType
{
    public EvidenceChangedEventType() : base("EvidenceChangedEvent", "Evidence was added to a card or removed from it.", "EvidenceAdded", "EvidenceRemoved")
    {
        Field<NonNullGraphType<IdGraphType>>("evidenceId").Description("The evidence.").Resolve(ctx => ctx.Source.Id("evidenceId", "Evidence"));
        Field<NonNullGraphType<Cards.EvidenceKindType>>("kind").Description("What sort of evidence.")
            .Resolve(ctx => Enum.Parse<Domain.Cards.EvidenceKind>(ctx.Source.Text("kind")!, ignoreCase: true));
        Field<NonNullGraphType<StringGraphType>>("content").Description("What it said.").Resolve(ctx => ctx.Source.Text("content"));
        Field<NonNullGraphType<StringGraphType>>("source").Description("Where it came from.").Resolve(ctx => ctx.Source.Text("source") ?? "");
        Field<NonNullGraphType<Cards.EvidenceProximityType>>("proximity").Description("For EvidenceAdded: how close to the customer it came from (SECOND_HAND in events recorded before proximity existed).")
            .Resolve(ctx => ctx.Source.Text("proximity") is { } proximity ? Enum.Parse<Domain.Cards.EvidenceProximity>(proximity, ignoreCase: true) : Domain.Cards.EvidenceProximity.SecondHand);
        Field<IdGraphType>("customerId").Description("For EvidenceAdded: the customer it names, if any.").Resolve(ctx => ctx.Source.Id("customerId", "Customer"));
        CardField();
    }
}

public sealed class CardMergedEventType : BoardEventObjectType
{
    public CardMergedEventType() : base("CardMergedEvent", "A duplicate card (cardId) was merged into another (targetCardId): its evidence, experiments, tags and votes moved there, and it was archived.", "CardMerged")
    {
        Field<NonNullGraphType<IdGraphType>>("targetCardId").Description("The card it was merged into.").Resolve(ctx => ctx.Source.Id("targetCardId", "Card"));
        Field<NonNullGraphType<IntGraphType>>("evidenceMoved").Description("Pieces of evidence moved to the target.").Resolve(ctx => ctx.Source.Number("evidenceMoved"));
        Field<NonNullGraphType<IntGraphType>>("experimentsMoved").Description("Experiments moved to the target.").Resolve(ctx => ctx.Source.Number("experimentsMoved"));
        Field<NonNullGraphType<IntGraphType>>("voteCount").Description("The target's votes after the merge: the distinct voters of both.").Resolve(ctx => ctx.Source.Number("voteCount"));
        CardField();
    }
}

public sealed class CustomerChangedEventType : BoardEventObjectType
{
    public CustomerChangedEventType() : base("CustomerChangedEvent", "A customer was added to the board's directory, changed, archived or restored.",
        "CustomerAdded", "CustomerUpdated", "CustomerArchived", "CustomerRestored")
    {
        Field<NonNullGraphType<IdGraphType>>("customerId").Description("The customer.").Resolve(ctx => ctx.Source.Id("customerId", "Customer"));
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("fields").Description("For CustomerUpdated: the fields that changed.")
            .Resolve(ctx => ctx.Source.Get("fields") is null ? null : ctx.Source.Strings("fields"));
        Field<Customers.CustomerType>("customer").Description("The customer as it is now.")
            .Resolve(ctx => ctx.CustomerLoaders().CustomerById.Load(Guid.Parse(ctx.Source.Text("customerId")!)));
    }
}

public sealed class InsightChangedEventType : BoardEventObjectType
{
    public InsightChangedEventType() : base("InsightChangedEvent", "An insight was submitted to the board's inbox (InsightSubmitted) or triaged (InsightTriaged).",
        "InsightSubmitted", "InsightTriaged")
    {
        Field<NonNullGraphType<IdGraphType>>("insightId").Description("The insight.").Resolve(ctx => ctx.Source.Id("insightId", "Insight"));
        Field<Insights.InsightStatusType>("status").Description("For InsightTriaged: ATTACHED, PROMOTED or DISMISSED.")
            .Resolve(ctx => ctx.Source.Text("status") is { } status ? Enum.Parse<Domain.Insights.InsightStatus>(status, ignoreCase: true) : null);
        Field<IdGraphType>("triagedCardId").Description("For InsightTriaged: the card it was attached to or became.").Resolve(ctx => ctx.Source.Id("cardId", "Card"));
        Field<IdGraphType>("customerId").Description("For InsightSubmitted: the customer it names, if any.").Resolve(ctx => ctx.Source.Id("customerId", "Customer"));
        Field<Insights.InsightType>("insight").Description("The insight as it is now.")
            .Resolve(ctx => ctx.InsightLoaders().InsightById.Load(Guid.Parse(ctx.Source.Text("insightId")!)));
    }
}

public sealed class CommentChangedEventType : BoardEventObjectType
{
    public CommentChangedEventType() : base("CommentChangedEvent",
        "A comment was added to a card (CommentAdded), edited by its author (CommentEdited) or deleted (CommentDeleted); the text is read from the comment, so a deleted one's is gone.",
        "CommentAdded", "CommentEdited", "CommentDeleted")
    {
        Field<NonNullGraphType<IdGraphType>>("commentId").Description("The comment.").Resolve(ctx => ctx.Source.Id("commentId", "Comment"));
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("mentions").Description("For CommentAdded and CommentEdited: the user ids it mentioned after the change.")
            .Resolve(ctx => ctx.Source.Get("mentions") is null ? null : ctx.Source.Strings("mentions"));
        Field<StringGraphType>("deletedBy").Description("For CommentDeleted: who deleted it (its author or an admin).").Resolve(ctx => ctx.Source.Text("deletedBy"));
        Field<NonNullGraphType<CommentType>>("comment").Description("The comment as it is now (a tombstone once deleted).")
            .Resolve(ctx => ctx.CommentLoaders().CommentById.Load(Guid.Parse(ctx.Source.Text("commentId")!)));
        CardField();
    }
}

public sealed class ExperimentChangedEventType : BoardEventObjectType
{
    public ExperimentChangedEventType() : base("ExperimentChangedEvent", "An experiment was planned on a card (ExperimentAdded), or edited, started or concluded (ExperimentUpdated).",
        "ExperimentAdded", "ExperimentUpdated")
    {
        Field<NonNullGraphType<IdGraphType>>("experimentId").Description("The experiment.").Resolve(ctx => ctx.Source.Id("experimentId", "Experiment"));
        Field<StringGraphType>("hypothesis").Description("For ExperimentAdded: its hypothesis.").Resolve(ctx => ctx.Source.Text("hypothesis"));
        Field<StringGraphType>("measure").Description("For ExperimentAdded: how the team will know.").Resolve(ctx => ctx.Source.Text("measure"));
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("fields").Description("For ExperimentUpdated: the fields that changed.")
            .Resolve(ctx => ctx.Source.Get("fields") is null ? null : ctx.Source.Strings("fields"));
        Field<NonNullGraphType<Cards.ExperimentStatusType>>("status").Description("Where the experiment stood right after the change.")
            .Resolve(ctx => ctx.Source.Text("status") is { } status ? Enum.Parse<Domain.Cards.ExperimentStatus>(status, ignoreCase: true) : Domain.Cards.ExperimentStatus.Planned);
        Field<StringGraphType>("learning").Description("For ExperimentUpdated: what the team had learned by then; null while nothing was written.")
            .Resolve(ctx => ctx.Source.Text("learning") is { Length: > 0 } learning ? learning : null);
        CardField();
    }
}

public sealed class VoteChangedEventType : BoardEventObjectType
{
    public VoteChangedEventType() : base("VoteChangedEvent", "A member voted for a card or took the vote back.", "VoteCast", "VoteWithdrawn")
    {
        Field<NonNullGraphType<StringGraphType>>("voterId").Description("Who voted.").Resolve(ctx => ctx.Source.Text("voterId"));
        Field<NonNullGraphType<BooleanGraphType>>("cast").Description("True for a vote cast, false for one taken back.").Resolve(ctx => ctx.Source.Type == "VoteCast");
        Field<NonNullGraphType<IntGraphType>>("voteCount").Description("The card's votes after the change.").Resolve(ctx => ctx.Source.Number("voteCount"));
        CardField();
    }
}

public sealed class CardsRerankedEventType : BoardEventObjectType
{
    public CardsRerankedEventType() : base("CardsRerankedEvent", "A cell's rank keys were spread out again; the order did not change.", "CardsReranked")
    {
        Field<NonNullGraphType<IdGraphType>>("columnId").Description("The cell's column.").Resolve(ctx => ctx.Source.Id("columnId", "Column"));
        Field<NonNullGraphType<IdGraphType>>("swimlaneId").Description("The cell's swimlane.").Resolve(ctx => ctx.Source.Id("swimlaneId", "Swimlane"));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RankedCardType>>>>("ranks").Description("The new rank keys.")
            .Resolve(ctx => ctx.Source.Get("ranks")?.EnumerateArray().ToList() ?? []);
    }
}

public sealed class RankedCardType : ObjectGraphType<JsonElement>
{
    public RankedCardType()
    {
        Name = "RankedCard";
        Description = "A card's new rank key.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.").Resolve(ctx => BoardEventView.GlobalId("Card", ctx.Source.GetProperty("cardId").GetString()));
        Field<NonNullGraphType<StringGraphType>>("rank").Description("Its rank key.").Resolve(ctx => ctx.Source.GetProperty("rank").GetString());
    }
}

/// <summary>The card as it stood right after an event (from the event itself, so delivery needs no query).</summary>
public sealed class CardSnapshotType : ObjectGraphType<JsonElement>
{
    public CardSnapshotType()
    {
        Name = "CardSnapshot";
        Description = "A card as it stood right after an event.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The card's id.").Resolve(ctx => BoardEventView.GlobalId("Card", Str(ctx.Source, "id")));
        Field<NonNullGraphType<IdGraphType>>("columnId").Description("Its column.").Resolve(ctx => BoardEventView.GlobalId("Column", Str(ctx.Source, "columnId")));
        Field<NonNullGraphType<IdGraphType>>("swimlaneId").Description("Its swimlane.").Resolve(ctx => BoardEventView.GlobalId("Swimlane", Str(ctx.Source, "swimlaneId")));
        Field<NonNullGraphType<StringGraphType>>("rank").Description("Its rank key in the cell.").Resolve(ctx => Str(ctx.Source, "rank"));
        Field<NonNullGraphType<StringGraphType>>("title").Description("Short name of the problem.").Resolve(ctx => Str(ctx.Source, "title"));
        Field<NonNullGraphType<StringGraphType>>("problemStatement").Description("The problem in the customer's terms.").Resolve(ctx => Str(ctx.Source, "problemStatement"));
        Field<NonNullGraphType<Boards.CustomerKindType>>("customerKind").Description("External or internal customers.")
            .Resolve(ctx => Enum.Parse<Domain.Common.CustomerKind>(Str(ctx.Source, "customerKind")!, ignoreCase: true));
        Field<NonNullGraphType<IntGraphType>>("impact").Description("How badly it hurts, 1-5.").Resolve(ctx => ctx.Source.GetProperty("impact").GetInt32());
        Field<NonNullGraphType<IntGraphType>>("reach").Description("How many customers have it.").Resolve(ctx => ctx.Source.GetProperty("reach").GetInt32());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Description("Tags.")
            .Resolve(ctx => ctx.Source.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("assignees").Description("Assignees' user ids.")
            .Resolve(ctx => ctx.Source.GetProperty("assignees").EnumerateArray().Select(t => t.GetString()).ToList());
        Field<NonNullGraphType<BooleanGraphType>>("isBlocked").Description("Blocked or not.").Resolve(ctx => ctx.Source.GetProperty("isBlocked").GetBoolean());
        Field<StringGraphType>("blockedReason").Description("Why it is blocked.").Resolve(ctx => Str(ctx.Source, "blockedReason"));
        Field<NonNullGraphType<BooleanGraphType>>("isArchived").Description("Archived or not.").Resolve(ctx => ctx.Source.GetProperty("isArchived").GetBoolean());
        Field<NonNullGraphType<IntGraphType>>("version").Description("Its version after the change.").Resolve(ctx => ctx.Source.GetProperty("version").GetInt32());
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("lastActivityAt").Description("Its last real activity.").Resolve(ctx => ctx.Source.GetProperty("lastActivityAt").GetDateTimeOffset());
        Field<NonNullGraphType<BooleanGraphType>>("isStale").Description("Flagged stale or not.")
            .Resolve(ctx => ctx.Source.TryGetProperty("isStale", out var stale) && stale.GetBoolean());
        Field<DateTimeOffsetGraphType>("staleSince").Description("When it was flagged stale.")
            .Resolve(ctx => ctx.Source.TryGetProperty("staleSince", out var since) && since.ValueKind == JsonValueKind.String ? since.GetDateTimeOffset() : (DateTimeOffset?)null);
        Field<NonNullGraphType<IntGraphType>>("voteCount").Description("Distinct people who voted for it (0 in events recorded before the count was kept).")
            .Resolve(ctx => Int(ctx.Source, "voteCount"));
        Field<NonNullGraphType<IntGraphType>>("customerCount").Description("Distinct customers its evidence names (0 in events recorded before).")
            .Resolve(ctx => Int(ctx.Source, "customerCount"));
        Field<NonNullGraphType<IntGraphType>>("evidenceCount").Description("Pieces of evidence (0 in events recorded before the count was kept).")
            .Resolve(ctx => Int(ctx.Source, "evidenceCount"));
        Field<DateTimeOffsetGraphType>("lastEvidenceAt").Description("When its newest evidence was recorded.")
            .Resolve(ctx => ctx.Source.TryGetProperty("lastEvidenceAt", out var at) && at.ValueKind == JsonValueKind.String ? at.GetDateTimeOffset() : (DateTimeOffset?)null);
        Field<IdGraphType>("mergedIntoId").Description("The card it was merged into, if it was.").Resolve(ctx => BoardEventView.GlobalId("Card", Str(ctx.Source, "mergedInto")));
    }

    private static int Int(JsonElement card, string name) =>
        card.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static string? Str(JsonElement card, string name) =>
        card.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

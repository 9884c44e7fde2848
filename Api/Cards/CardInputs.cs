using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Cards;

/// <summary>A card input: the card, and the version the change was made against (null where the input has no such field).</summary>
public interface ICardInput
{
    string CardId { get; }
    int? ExpectedVersion { get; }
}

public sealed record CreateCardInput(string BoardId, string? ColumnId, string? SwimlaneId, string Title, string? ProblemStatement,
    CustomerKind? CustomerKind, int? Impact, int? Reach, IReadOnlyList<string>? Tags, IReadOnlyList<string>? Assignees,
    string? AfterCardId, string? BeforeCardId) : INewCardInput;

public sealed class CreateCardInputType : InputObjectGraphType
{
    public CreateCardInputType()
    {
        Name = "CreateCardInput";
        Description = "A newly reported customer problem.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        this.AddNewCardFields();
    }
}

/// <summary>Title, problem statement, tags and assignees arrive as <see cref="Patch{T}"/>: omitted keeps them, null clears them.</summary>
public sealed record UpdateCardInput(string CardId, int? ExpectedVersion, CustomerKind? CustomerKind, int? Impact, int? Reach) : ICardInput
{
    public string? Title { set => NewTitle = Patch.Given(value); }

    public string? ProblemStatement { set => NewProblemStatement = Patch.Given(value); }

    public IReadOnlyList<string>? Tags { set => NewTags = Patch.Given(value); }

    public IReadOnlyList<string>? Assignees { set => NewAssignees = Patch.Given(value); }

    public Patch<string?> NewTitle { get; private set; }

    public Patch<string?> NewProblemStatement { get; private set; }

    public Patch<IReadOnlyList<string>?> NewTags { get; private set; }

    public Patch<IReadOnlyList<string>?> NewAssignees { get; private set; }
}

public sealed class UpdateCardInputType : InputObjectGraphType
{
    public UpdateCardInputType()
    {
        Name = "UpdateCardInput";
        Description = "Changes to a card's description; omitted fields keep their value.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.");
        Field<IntGraphType>("expectedVersion").Description("The version the change was made against; a different current version gives CONFLICT.");
        Field<StringGraphType>("title").Description("New title.");
        Field<StringGraphType>("problemStatement").Description("New problem statement.");
        Field<CustomerKindType>("customerKind").Description("External or internal customers.");
        Field<IntGraphType>("impact").Description("How badly it hurts, 1-5.");
        Field<IntGraphType>("reach").Description("How many customers have it.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("The full new list of tags.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("assignees").Description("The full new list of assignees.");
    }
}

public sealed record MoveCardInput(string CardId, string ToColumnId, string? ToSwimlaneId, string? AfterCardId, string? BeforeCardId,
    int? ExpectedVersion) : ICardInput;

public sealed class MoveCardInputType : InputObjectGraphType
{
    public MoveCardInputType()
    {
        Name = "MoveCardInput";
        Description = "Where a card goes: a column, a swimlane and a place among its cards.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.");
        Field<NonNullGraphType<IdGraphType>>("toColumnId").Description("The target column.");
        Field<IdGraphType>("toSwimlaneId").Description("The target swimlane; omit to stay in the card's swimlane.");
        Field<IdGraphType>("afterCardId").Description("Place it right after this card of the target cell.");
        Field<IdGraphType>("beforeCardId").Description("Place it right before this card of the target cell; with neither, it goes last.");
        Field<IntGraphType>("expectedVersion").Description("The version the move was made against; a different current version gives CONFLICT.");
    }
}

public sealed record CardChangeInput(string CardId, int? ExpectedVersion) : ICardInput;

public sealed class CardVersionInputType : InputObjectGraphType
{
    public CardVersionInputType()
    {
        Name = "CardChangeInput";
        Description = "A card, and optionally the version the change was made against.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.");
        Field<IntGraphType>("expectedVersion").Description("A different current version gives CONFLICT.");
    }
}

public sealed record BlockCardInput(string CardId, string Reason, int? ExpectedVersion) : ICardInput;

public sealed class BlockCardInputType : InputObjectGraphType
{
    public BlockCardInputType()
    {
        Name = "BlockCardInput";
        Description = "Marks a card blocked; a reason is required.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why work on it cannot go on (1-500 characters).");
        Field<IntGraphType>("expectedVersion").Description("A different current version gives CONFLICT.");
    }
}

public sealed record AddEvidenceInput(string CardId, EvidenceKind Kind, string Content, string? Source, string? CustomerId, EvidenceProximity? Proximity)
    : ICardInput
{
    public int? ExpectedVersion => null;
}

public sealed class AddEvidenceInputType : InputObjectGraphType
{
    public AddEvidenceInputType()
    {
        Name = "AddEvidenceInput";
        Description = "Evidence for a problem from someone close to the customer.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card it backs.");
        Field<NonNullGraphType<EvidenceKindType>>("kind").Description("Quote, observation, metric or link.");
        Field<NonNullGraphType<StringGraphType>>("content").Description("The quote, observation or metric, or the URL of a link (1-4000 characters).");
        Field<StringGraphType>("source").Description("Where it comes from: a person, a ticket, a report.");
        Field<IdGraphType>("customerId").Description("The customer who has the problem, from the board's directory (not archived); needs a proximity.");
        Field<EvidenceProximityType>("proximity").Description("How close to the customer it came from; required with a customer, else SECOND_HAND when omitted.");
    }
}

public sealed record RemoveEvidenceInput(string EvidenceId);

public sealed class RemoveEvidenceInputType : InputObjectGraphType
{
    public RemoveEvidenceInputType()
    {
        Name = "RemoveEvidenceInput";
        Description = "Evidence to remove; the removal is kept in the card's history.";
        Field<NonNullGraphType<IdGraphType>>("evidenceId").Description("The evidence.");
    }
}

public sealed record VoteInput(string CardId) : ICardInput
{
    public int? ExpectedVersion => null;
}

public sealed class VoteInputType : InputObjectGraphType
{
    public VoteInputType()
    {
        Name = "VoteInput";
        Description = "The card to vote for, or to take the vote back from.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.");
    }
}

public sealed record SnoozeCardInput(string CardId, DateTimeOffset Until) : ICardInput
{
    public int? ExpectedVersion => null;
}

public sealed class SnoozeCardInputType : InputObjectGraphType
{
    public SnoozeCardInputType()
    {
        Name = "SnoozeCardInput";
        Description = "Silence the stale scan for a card until a time.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.");
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("until").Description("Until when (at most 90 days ahead).");
    }
}

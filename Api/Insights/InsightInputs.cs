using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Insights;

public sealed record SubmitInsightInput(string BoardId, string Text, EvidenceProximity Proximity, string? CustomerId, string? Origin);

public sealed class SubmitInsightInputType : InputObjectGraphType
{
    public SubmitInsightInputType()
    {
        Name = "SubmitInsightInput";
        Description = "A raw observation for a board's inbox; anyone on the board may submit one.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("text").Description("What was observed (1-4000 characters).");
        Field<NonNullGraphType<EvidenceProximityType>>("proximity").Description("How close to the customer it came from.");
        Field<IdGraphType>("customerId").Description("The customer who has the problem, from the board's directory (not archived).");
        Field<StringGraphType>("origin").Description("Where it came from: a call, a ticket, a visit (at most 300 characters).");
    }
}

public sealed record AttachInsightInput(string InsightId, string CardId);

public sealed class AttachInsightInputType : InputObjectGraphType
{
    public AttachInsightInputType()
    {
        Name = "AttachInsightInput";
        Description = "A new insight and the card of its board it becomes evidence on.";
        Field<NonNullGraphType<IdGraphType>>("insightId").Description("The insight (status NEW).");
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card it backs.");
    }
}

/// <summary>The new card's fields are createCard's (<see cref="INewCardInput"/>); its board is the insight's.</summary>
public sealed record PromoteInsightInput(string InsightId, string? ColumnId, string? SwimlaneId, string Title, string? ProblemStatement,
    CustomerKind? CustomerKind, int? Impact, int? Reach, IReadOnlyList<string>? Tags, IReadOnlyList<string>? Assignees,
    string? AfterCardId, string? BeforeCardId) : INewCardInput;

public sealed class PromoteInsightInputType : InputObjectGraphType
{
    public PromoteInsightInputType()
    {
        Name = "PromoteInsightInput";
        Description = "A new insight and the card it becomes (on the insight's board), as createCard takes one.";
        Field<NonNullGraphType<IdGraphType>>("insightId").Description("The insight (status NEW); it becomes the card's first evidence.");
        this.AddNewCardFields();
    }
}

public sealed record DismissInsightInput(string InsightId, string Reason);

public sealed class DismissInsightInputType : InputObjectGraphType
{
    public DismissInsightInputType()
    {
        Name = "DismissInsightInput";
        Description = "A new insight to set aside, and why; the submitter reads the reason.";
        Field<NonNullGraphType<IdGraphType>>("insightId").Description("The insight (status NEW).");
        Field<NonNullGraphType<StringGraphType>>("reason").Description("Why it is set aside (1-500 characters).");
    }
}

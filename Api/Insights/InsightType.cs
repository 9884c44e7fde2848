using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Customers;
using KanbanCustomer.Domain.Insights;

namespace KanbanCustomer.Api.Insights;

/// <summary>A raw observation in a board's inbox, and what became of it.</summary>
public sealed class InsightType : ObjectGraphType<Insight>
{
    /// <summary>The inbox order, newest first.</summary>
    public static readonly Ordering<Insight> NewestFirst = new([
        new(SortKey<Insight>.Of("submittedAt", i => i.SubmittedAt), true), new(SortKey<Insight>.Of("id", i => i.Id), true)]);

    public InsightType()
    {
        Name = "Insight";
        Description = "A raw observation anyone on the board submitted; members attach it to a card, turn it into a card, or dismiss it.";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The insight's id.").Resolve(ctx => Ids.Global("Insight", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board whose inbox it is in.").Resolve(ctx => Ids.Global("Board", ctx.Source.BoardId));
        Field(x => x.Text).Description("What was observed.");
        Field(x => x.Proximity, typeof(NonNullGraphType<EvidenceProximityType>)).Description("How close to the customer it came from.");
        Field<CustomerType>("customer").Description("The customer who has the problem; null when not named.")
            .Resolve(ctx => ctx.Source.CustomerId is { } id ? ctx.CustomerLoaders().CustomerById.Load(id) : null);
        Field(x => x.Origin).Description("Where it came from: a call, a ticket, a visit; empty when not given.");
        Field(x => x.SubmittedBy).Description("User id of whoever submitted it; the evidence it becomes keeps them as its author.");
        Field(x => x.SubmittedAt).Description("When it was submitted; the evidence it becomes keeps this time.");
        Field(x => x.Status, typeof(NonNullGraphType<InsightStatusType>)).Description("NEW in the inbox; ATTACHED, PROMOTED or DISMISSED once triaged.");
        Field<CardType>("card").Description("The card it was attached to or became; null while new or when dismissed.")
            .Resolve(ctx => ctx.Source.CardId is { } id ? ctx.CardLoaders().CardById.Load(id) : null);
        Field<EvidenceType>("evidence").Description("The evidence it became; null while new, when dismissed, or once that evidence was removed.")
            .Resolve(ctx => ctx.Source.EvidenceId is { } id ? ctx.InsightLoaders().EvidenceById.Load(id) : null);
        Field(x => x.DismissReason, nullable: true).Description("Why it was dismissed; null unless dismissed.");
        Field(x => x.TriagedBy, nullable: true).Description("User id of the member who triaged it; null while new.");
        Field(x => x.TriagedAt, nullable: true).Description("When it was triaged; null while new.");
    }
}

public sealed class InsightStatusType : EnumerationGraphType<InsightStatus>
{
    public InsightStatusType()
    {
        Name = "InsightStatus";
        Description = "Where an insight stands: NEW in the inbox, or triaged once into ATTACHED, PROMOTED or DISMISSED.";
    }
}

public sealed class InsightConnectionType() : ConnectionType<InsightType, InsightEdgeType, Insight>("Insight", "insights");

public sealed class InsightEdgeType() : EdgeType<InsightType, Insight>("Insight");

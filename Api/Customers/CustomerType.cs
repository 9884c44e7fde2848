using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Customers;

namespace KanbanCustomer.Api.Customers;

/// <summary>A customer in a board's directory: who has the board's problems.</summary>
public sealed class CustomerType : ObjectGraphType<Customer>
{
    public CustomerType()
    {
        Name = "Customer";
        Description = "Someone who has the board's problems: an external company or person, or an internal team or employee.";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The customer's global id.").Resolve(ctx => Ids.Global("Customer", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board whose directory it is in.").Resolve(ctx => Ids.Global("Board", ctx.Source.BoardId));
        Field(x => x.Name).Description("The customer's name.");
        Field(x => x.Kind, typeof(NonNullGraphType<CustomerKindType>)).Description("External (outside the company) or internal (employees).");
        Field<SwimlaneType>("segment").Description("The target group (a swimlane of the board); null when none, or when the swimlane was removed.")
            .Resolve(ctx => ctx.Source.SegmentId is { } lane ? ctx.BoardLoaders().SwimlaneById.Load(lane) : null);
        Field(x => x.ExternalRef, nullable: true).Description("An id in another system (a CRM), unique on the board.");
        Field(x => x.Notes).Description("Free notes.");
        Field<NonNullGraphType<IntGraphType>>("evidenceCount").Description("Pieces of evidence that name the customer, on any card of the board.")
            .Resolve(ctx => ctx.CustomerLoaders().EvidenceCountByCustomer.Load(ctx.Source.Id));
        Field(x => x.IsArchived).Description("Archived customers stay on their evidence but take no new evidence or insights.");
        Field(x => x.ArchivedAt, nullable: true).Description("When it was archived; null while it is not.");
        Field(x => x.CreatedBy).Description("User id of whoever added it.");
        Field(x => x.CreatedAt).Description("When it was added.");
        Field(x => x.UpdatedAt).Description("When it last changed.");
        Field(x => x.Version).Description("Bumped on every change; pass it as expectedVersion to refuse lost updates.");
    }
}

public sealed class CustomerConnectionType() : ConnectionType<CustomerType, CustomerEdgeType, Customer>("Customer", "customers");

public sealed class CustomerEdgeType() : EdgeType<CustomerType, Customer>("Customer");

using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common;
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
        Field(x => x.Name).Description("The customer's name.");
        Field(x => x.Kind, typeof(NonNullGraphType<CustomerKindType>)).Description("External (outside the company) or internal (employees).");
        Field(x => x.ExternalRef, nullable: true).Description("An id in another system (a CRM), unique on the board.");
        Field(x => x.Notes).Description("Free notes.");
        Field(x => x.IsArchived).Description("Archived customers stay on their evidence but take no new evidence or insights.");
        Field(x => x.Version).Description("Bumped on every change.");
    }
}

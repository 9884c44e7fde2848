using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;

namespace KanbanCustomer.Api.Customers;

public sealed record AddCustomerInput(string BoardId, string Name, CustomerKind? Kind, string? SegmentId, string? ExternalRef, string? Notes);

public sealed class AddCustomerInputType : InputObjectGraphType
{
    public AddCustomerInputType()
    {
        Name = "AddCustomerInput";
        Description = "A new entry of a board's customer directory.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The company, person, team or employee (1-{Customer.NameMaxLength} characters).");
        Field<CustomerKindType>("kind").Description("External or internal; omit to take the segment's, or EXTERNAL without one.");
        Field<IdGraphType>("segmentId").Description("The target group: a swimlane of the board.");
        Field<StringGraphType>("externalRef").Description($"An id in another system (a CRM), unique on the board (at most {Customer.ExternalRefMaxLength} characters).");
        Field<StringGraphType>("notes").Description($"Free notes (at most {Customer.NotesMaxLength} characters).");
    }
}

/// <summary>Name, segment, external reference and notes arrive as <see cref="Patch{T}"/>: omitted keeps them, null clears them (and is refused as a name).</summary>
public sealed record UpdateCustomerInput(string CustomerId, int? ExpectedVersion, CustomerKind? Kind)
{
    public string? Name { set => NewName = Patch.Given(value); }

    public string? SegmentId { set => NewSegmentId = Patch.Given(value); }

    public string? ExternalRef { set => NewExternalRef = Patch.Given(value); }

    public string? Notes { set => NewNotes = Patch.Given(value); }

    public Patch<string?> NewName { get; private set; }

    public Patch<string?> NewSegmentId { get; private set; }

    public Patch<string?> NewExternalRef { get; private set; }

    public Patch<string?> NewNotes { get; private set; }
}

public sealed class UpdateCustomerInputType : InputObjectGraphType
{
    public UpdateCustomerInputType()
    {
        Name = "UpdateCustomerInput";
        Description = "Changes to a customer; omitted fields keep their value, null clears the segment, external reference or notes.";
        Field<NonNullGraphType<IdGraphType>>("customerId").Description("The customer.");
        Field<IntGraphType>("expectedVersion").Description("The version the change was made against; a different current version gives CONFLICT.");
        Field<StringGraphType>("name").Description("New name.");
        Field<CustomerKindType>("kind").Description("External or internal.");
        Field<IdGraphType>("segmentId").Description("New target group (a swimlane of the board); null for none.");
        Field<StringGraphType>("externalRef").Description("New external reference, unique on the board; null for none.");
        Field<StringGraphType>("notes").Description("New notes.");
    }
}

public sealed record CustomerChangeInput(string CustomerId, int? ExpectedVersion);

public sealed class CustomerChangeInputType : InputObjectGraphType
{
    public CustomerChangeInputType()
    {
        Name = "CustomerChangeInput";
        Description = "A customer, and optionally the version the change was made against.";
        Field<NonNullGraphType<IdGraphType>>("customerId").Description("The customer.");
        Field<IntGraphType>("expectedVersion").Description("A different current version gives CONFLICT.");
    }
}

public sealed record CustomerPayload(Customer Customer);

public sealed class CustomerPayloadType : ObjectGraphType<CustomerPayload>
{
    public CustomerPayloadType()
    {
        Name = "CustomerPayload";
        Description = "The customer after the change.";
        Field(x => x.Customer, typeof(NonNullGraphType<CustomerType>)).Description("The changed customer.");
    }
}

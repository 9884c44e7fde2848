using GraphQL.Types;

namespace KanbanCustomer.Api.Common;

public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a global id; node(id) fetches it again.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The object's global id: opaque, and unique across all types.");
    }
}

using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Access;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Members;

namespace KanbanCustomer.Api.GraphQL;

public sealed class KanbanSchema : Schema
{
    public KanbanSchema(IServiceProvider services, QueryType query, MutationType mutation) : base(services)
    {
        Description = "KanbanCustomer: a live kanban board of customer problems.";
        Query = query;
        Mutation = mutation;
        BoardAccess.EnsureEveryRootFieldDeclaresAccess(query, mutation);
    }
}

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Reads.";
        this.AddViewerQueries();
        this.AddBoardQueries();
        this.AddCardQueries();
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Description = "Changes; each takes one input and returns the changed object.";
        this.AddBoardMutations();
        this.AddCardMutations();
        this.AddMemberMutations();
    }
}

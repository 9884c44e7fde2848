using KanbanCustomer.Api.Access;
using System.Security.Claims;
using GraphQL.Types;

namespace KanbanCustomer.Api.GraphQL;

public sealed record Viewer(string Id, string Name);

public sealed class ViewerType : ObjectGraphType<Viewer>
{
    public ViewerType()
    {
        Name = "Viewer";
        Description = "The signed-in user.";
        Field<NonNullGraphType<StringGraphType>>("id").Description("User id (the token's sub claim).").Resolve(ctx => ctx.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Description("Display name (the token's name claim, else the id).").Resolve(ctx => ctx.Source.Name);
    }
}

public static class ViewerQueries
{
    public static void AddViewerQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ViewerType>>("viewer")
            .SignedIn()
            .Description("Who the request is signed in as.")
            .Resolve(ctx => new Viewer(ctx.ViewerId(), ctx.User?.FindFirstValue("name") ?? ctx.ViewerId()));
}

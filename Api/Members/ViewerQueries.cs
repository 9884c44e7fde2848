using KanbanCustomer.Api.Common.Access;
using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Members;
using KanbanCustomer.Api.Common;

namespace KanbanCustomer.Api.Members;

public static class ViewerQueries
{
    public static void AddViewerQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<PersonType>>("viewer")
            .SignedIn()
            .Description("Who the request is signed in as; the name is the token's name claim, else the user id.")
            .Resolve(ctx => ctx.Viewer());

    /// <summary>The signed-in user as a person, named as their token names them.</summary>
    public static Person Viewer(this IResolveFieldContext context) =>
        new(context.ViewerId(), context.User?.FindFirstValue("name") ?? context.ViewerId());
}

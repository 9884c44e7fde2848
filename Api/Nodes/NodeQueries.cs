using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Common;
using Microsoft.Extensions.DependencyInjection;
using KanbanCustomer.Api.Members;

namespace KanbanCustomer.Api.Nodes;

/// <summary>
/// <c>node</c> and <c>nodes</c> (global object identification). Any signed-in user may call them; each object is then
/// checked as its own fields are: see <see cref="NodeLookup"/>.
/// </summary>
public static class NodeQueries
{
    public const string IdsArgument = "ids";

    public static void AddNodeQueries(this ObjectGraphType query)
    {
        query.Field<NodeInterface>("node")
            .SignedIn()
            .Description("Any object by its global id; NOT_FOUND if there is none or it is on a board the viewer is not on.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The object's global id.")
            .ResolveAsync(async ctx =>
            {
                var result = (await FindAsync(ctx, [ctx.GetArgument<string>("id")]))[0];
                return result.Error is { } error ? throw error : result.Node;
            });

        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .SignedIn()
            .Description("Objects by their global ids, in the order asked (at most GraphQL:MaxNodeIds); one not found is null, with an error at its index.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>(IdsArgument, "The objects' global ids.")
            .ResolveAsync(async ctx =>
            {
                var results = await FindAsync(ctx, ctx.GetArgument<List<string>>(IdsArgument));
                for (var i = 0; i < results.Count; i++)
                {
                    if (results[i].Error is { } error)
                    {
                        var reported = new KanbanError(error) { Path = [.. ctx.ResponsePath, i] };
                        reported.AddLocation(ctx.FieldAst, ctx.Document);
                        ctx.Errors.Add(reported);
                    }
                }

                return results.Select(r => r.Node).ToList();
            });
    }

    private static Task<IReadOnlyList<NodeResult>> FindAsync(IResolveFieldContext context, IReadOnlyList<string> ids) =>
        context.RequestServices!.GetRequiredService<NodeLookup>().FindAsync(ids, context.Viewer(), context.CancellationToken);
}

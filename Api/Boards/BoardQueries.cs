using KanbanCustomer.Api.Access;
using KanbanCustomer.Domain.Boards;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.GraphQL;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Boards;

public static class BoardQueries
{
    public static void AddBoardQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<BoardType>>>>("boards")
            .SignedIn()
            .Description("The boards the viewer is a member of, by name.")
            .FirstArgument("boards")
            .ResolveAsync(async ctx =>
            {
                var db = ctx.Db();
                var viewer = ctx.ViewerId();
                return await db.Boards.AsNoTracking()
                    .Where(b => db.BoardMembers.Any(m => m.BoardId == b.Id && m.UserId == viewer))
                    .OrderBy(b => b.Name).ThenBy(b => b.Id)
                    .FirstPage(ctx)
                    .ToListAsync(ctx.CancellationToken);
            });

        query.Field<BoardType>("board")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument())
            .Description("One board by id; NOT_FOUND if there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The board's id.")
            .ResolveAsync(async ctx =>
            {
                var raw = ctx.GetArgument<string>("id");
                var id = Ids.Parse(raw, "Board");
                return await ctx.Db().Boards.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ctx.CancellationToken)
                    ?? throw DomainException.NotFound("Board", raw);
            });
    }
}

using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Common.Reads;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Boards;

public static class BoardQueries
{
    private static readonly Ordering<Board> NameOrder = new([
        new(SortKey<Board>.Of("name", b => b.Name), false), new(SortKey<Board>.Of("id", b => b.Id), false)]);

    /// <summary>Who may read a board: its members, any role.</summary>
    private static readonly MemberRead Members = new(typeof(BoardMember), nameof(BoardMember.BoardId), nameof(BoardMember.UserId));

    public static void AddBoardQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<BoardConnectionType>>("boards")
            .SignedIn()
            .Description("The boards the viewer is a member of, by name, a page at a time.")
            .PageArguments("boards")
            .Resolve(ctx =>
            {
                var db = ctx.Db();
                var viewer = ctx.ViewerId();
                var mine = db.Boards.AsNoTracking().Where(b => db.BoardMembers.Any(m => m.BoardId == b.Id && m.UserId == viewer));
                // One list per request: every board row belongs to the same parent (the viewer's list).
                return ctx.Connections().Load(ctx, true, () => new ConnectionSpec<Board, bool>(mine, b => true, NameOrder), b => b);
            })
            .Reads(new MemberPageRead(typeof(Board), Members, [new(nameof(Board.Name)), new(nameof(Board.Id))]));

        query.Field<BoardType>("board")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument())
            .Description("One board by id; NOT_FOUND if there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The board's id.")
            .ResolveAsync(async ctx =>
            {
                var raw = ctx.GetArgument<string>("id");
                var id = Ids.Parse(raw, "Board");
                return ctx.RequestService<CheckedBoards>().Find(id) ?? await ctx.Db().Boards.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ctx.CancellationToken)
                    ?? throw DomainException.NotFound("Board", raw);
            })
            .Reads(new RowByIdRead(typeof(Board), "id", "Board", Members));
    }
}

using KanbanCustomer.Api.Access;
using KanbanCustomer.Domain.Boards;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.GraphQL;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Cards;

public static class CardQueries
{
    public static void AddCardQueries(this ObjectGraphType query)
    {
        query.Field<CardType>("card")
            .OnBoard(BoardRole.Viewer, Locate.CardArgument())
            .Description("One card by id, archived or not; NOT_FOUND if there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The card's id.")
            .ResolveAsync(async ctx =>
            {
                var raw = ctx.GetArgument<string>("id");
                var id = Ids.Parse(raw, "Card");
                return await ctx.Db().Cards.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ctx.CancellationToken)
                    ?? throw DomainException.NotFound("Card", raw);
            });
    
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CardType>>>>("staleCards")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument("boardId"))
            .Description("The board's stale cards (unarchived), longest stale first.")
            .Argument<NonNullGraphType<IdGraphType>>("boardId", "The board.")
            .FirstArgument("cards")
            .ResolveAsync(async ctx =>
            {
                var boardId = Ids.Parse(ctx.GetArgument<string>("boardId"), "Board");
                return await ctx.Db().Cards.AsNoTracking()
                    .Where(c => c.BoardId == boardId && c.StaleSince != null && !c.IsArchived)
                    .OrderBy(c => c.StaleSince).ThenBy(c => c.Id)
                    .FirstPage(ctx)
                    .ToListAsync(ctx.CancellationToken);
            });
    }
}

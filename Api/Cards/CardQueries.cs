using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
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

        query.Field<NonNullGraphType<CardConnectionType>>("staleCards")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument("boardId"))
            .Description("The board's stale cards, a page at a time; by default longest stale first.")
            .Argument<NonNullGraphType<IdGraphType>>("boardId", "The board.")
            .CardListArguments("longest stale first")
            .Resolve(ctx => CardLists.LoadForBoard(ctx, Ids.Parse(ctx.GetArgument<string>("boardId"), "Board"), CardLists.StaleOrder,
                c => c.StaleSince != null));
    }
}

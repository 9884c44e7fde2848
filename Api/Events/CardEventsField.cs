using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Events;

/// <summary><c>Card.events</c>: the card's history, oldest first.</summary>
public sealed class CardEventsField : IObjectFields<Card>
{
    public void AddTo(ObjectGraphType<Card> type) =>
        type.Field<NonNullGraphType<BoardEventConnectionType>>("events").Description("The card's history, oldest first.")
            .PageArguments("events")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<BoardEvent, Guid>(ctx.Db().BoardEvents.AsNoTracking().Where(e => e.CardId != null), e => e.CardId!.Value, EventLists.SeqOrder),
                e => new BoardEventView(e)));
}

using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Api.Cards;

/// <summary><c>Board.cards</c>: the board's cards, a page at a time, in board order unless asked otherwise.</summary>
public sealed class BoardCardsField : IObjectFields<Board>
{
    public void AddTo(ObjectGraphType<Board> type) =>
        type.Field<NonNullGraphType<CardConnectionType>>("cards")
            .Description("The board's cards, a page at a time; by default in board order (column, swimlane, rank).")
            .CardListArguments("rank")
            .Resolve(ctx => CardLists.LoadForBoard(ctx, ctx.Source.Id, CardLists.BoardOrder));
}

/// <summary><c>Column.cards</c>: the column's cards, a page at a time, by swimlane then rank unless asked otherwise.</summary>
public sealed class ColumnCardsField : IObjectFields<Column>
{
    public void AddTo(ObjectGraphType<Column> type) =>
        type.Field<NonNullGraphType<CardConnectionType>>("cards")
            .Description("The column's cards, a page at a time; by default by swimlane, then rank.")
            .CardListArguments("rank")
            .Resolve(ctx => CardLists.LoadForColumn(ctx, ctx.Source.Id, CardLists.BoardOrder));
}

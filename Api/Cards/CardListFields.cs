using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Reads;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;

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
            .Resolve(ctx => CardLists.LoadForColumn(ctx, ctx.Source.Id, CardLists.BoardOrder))
            // The board order: the column's cells (its board's swimlanes) in swimlane order, each by rank, then id.
            .Reads(new CellPageRead(typeof(Card), nameof(Card.ColumnId), nameof(Card.BoardId), nameof(Card.IsArchived), "includeArchived",
                typeof(Swimlane), nameof(Card.SwimlaneId), nameof(Swimlane.Position), [new(nameof(Card.Rank)), new(nameof(Card.Id))],
                nameof(Column.Position), CardLists.BoardOrder.Signature));
}

using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Api.Boards;

public sealed record BoardPayload(Board Board);

public sealed record ColumnPayload(Board Board, Column? Column, Guid? RemovedColumnId = null);

public sealed record SwimlanePayload(Board Board, Swimlane? Swimlane, Guid? RemovedSwimlaneId = null);

public sealed class BoardPayloadType : ObjectGraphType<BoardPayload>
{
    public BoardPayloadType()
    {
        Name = "BoardPayload";
        Description = "The board after the change.";
        Field(x => x.Board, typeof(NonNullGraphType<BoardType>)).Description("The changed board.");
    }
}

public sealed class ColumnPayloadType : ObjectGraphType<ColumnPayload>
{
    public ColumnPayloadType()
    {
        Name = "ColumnPayload";
        Description = "A column change: the column (null when removed) and its board.";
        Field(x => x.Column, typeof(ColumnType)).Description("The changed column; null after removeColumn.");
        Field<IdGraphType>("removedColumnId").Description("The id of the removed column, after removeColumn.").Resolve(ctx => Ids.Global("Column", ctx.Source.RemovedColumnId));
        Field(x => x.Board, typeof(NonNullGraphType<BoardType>)).Description("The board after the change.");
    }
}

public sealed class SwimlanePayloadType : ObjectGraphType<SwimlanePayload>
{
    public SwimlanePayloadType()
    {
        Name = "SwimlanePayload";
        Description = "A swimlane change: the swimlane (null when removed) and its board.";
        Field(x => x.Swimlane, typeof(SwimlaneType)).Description("The changed swimlane; null after removeSwimlane.");
        Field<IdGraphType>("removedSwimlaneId").Description("The id of the removed swimlane, after removeSwimlane.").Resolve(ctx => Ids.Global("Swimlane", ctx.Source.RemovedSwimlaneId));
        Field(x => x.Board, typeof(NonNullGraphType<BoardType>)).Description("The board after the change.");
    }
}

using KanbanCustomer.Api.Common.Access;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Boards;

public static class BoardMutations
{
    public static void AddBoardMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<BoardPayloadType>>("createBoard")
            .SignedIn()
            .Description("Creates a board; the creator's defaults come from DOMAIN.md when columns or swimlanes are omitted.")
            .Argument<NonNullGraphType<CreateBoardInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<CreateBoardInput>();
                var writes = ctx.Writes();
                var columns = (input.Columns ?? []).Select(ColumnSpecOf).ToList();
                var swimlanes = (input.Swimlanes ?? []).Select(s => new SwimlaneSpec(s.Name, s.CustomerKind)).ToList();
                var board = Board.Create(input.Name, ctx.ViewerId(), writes.Now, columns, swimlanes);
                await writes.AddBoardAsync(board, ctx.CancellationToken);
                return new BoardPayload(board);
            });

        mutation.Field<NonNullGraphType<BoardPayloadType>>("renameBoard")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Renames a board.")
            .Argument<NonNullGraphType<RenameBoardInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<RenameBoardInput>();
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.BoardId, "Board"), board =>
                {
                    board.Rename(input.Name);
                    return new BoardPayload(board);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<BoardPayloadType>>("updateBoardPolicy")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Changes board-wide policies: the stale threshold of columns that have none of their own.")
            .Argument<NonNullGraphType<UpdateBoardPolicyInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<UpdateBoardPolicyInput>();
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.BoardId, "Board"), board =>
                {
                    board.SetDefaultStaleAfter(input.NewDefaultStaleAfter.Or(board.DefaultStaleAfter));
                    return new BoardPayload(board);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ColumnPayloadType>>("addColumn")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Adds a column to a board.")
            .Argument<NonNullGraphType<AddColumnInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<AddColumnInput>();
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.BoardId, "Board"), board =>
                {
                    var column = board.AddColumn(ColumnSpecOf(input), input.Position);
                    return new ColumnPayload(board, column);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ColumnPayloadType>>("updateColumn")
            .OnBoard(BoardRole.Admin, Locate.ColumnInput())
            .Description("Changes a column's name, WIP limit, stale threshold or flags.")
            .Argument<NonNullGraphType<UpdateColumnInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<UpdateColumnInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfColumnAsync(input.ColumnId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, board =>
                {
                    var column = board.GetColumn(Ids.Parse(input.ColumnId, "Column"));
                    board.UpdateColumn(column.Id,
                        input.NewName.Or(column.Name)!,
                        input.NewWipLimit.Or(column.WipLimit),
                        input.NewStaleAfter.Or(column.StaleAfter),
                        input.IsCommitmentPoint ?? column.IsCommitmentPoint,
                        input.IsDone ?? column.IsDone,
                        input.StaleBasis ?? column.StaleBasis,
                        input.AutoStaleAfter ?? column.AutoStaleAfter);
                    return new ColumnPayload(board, column);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ColumnPayloadType>>("moveColumn")
            .OnBoard(BoardRole.Admin, Locate.ColumnInput())
            .Description("Moves a column to another place in the flow.")
            .Argument<NonNullGraphType<MoveColumnInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<MoveColumnInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfColumnAsync(input.ColumnId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, board =>
                {
                    var columnId = Ids.Parse(input.ColumnId, "Column");
                    board.MoveColumn(columnId, input.ToPosition);
                    return new ColumnPayload(board, board.GetColumn(columnId));
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ColumnPayloadType>>("removeColumn")
            .OnBoard(BoardRole.Admin, Locate.ColumnInput())
            .Description("Removes a column that holds no cards (archived ones included).")
            .Argument<NonNullGraphType<RemoveColumnInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<RemoveColumnInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfColumnAsync(input.ColumnId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var columnId = Ids.Parse(input.ColumnId, "Column");
                    var cards = await writes.Db.Cards.CountAsync(c => c.ColumnId == columnId, ctx.CancellationToken);
                    board.RemoveColumn(columnId, cards);
                    return new ColumnPayload(board, null, columnId);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SwimlanePayloadType>>("addSwimlane")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Adds a swimlane (target group) to a board.")
            .Argument<NonNullGraphType<AddSwimlaneInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<AddSwimlaneInput>();
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.BoardId, "Board"), board =>
                {
                    var lane = board.AddSwimlane(input.Name, input.CustomerKind, input.Position);
                    return new SwimlanePayload(board, lane);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SwimlanePayloadType>>("updateSwimlane")
            .OnBoard(BoardRole.Admin, Locate.SwimlaneInput())
            .Description("Renames a swimlane or changes its customer kind.")
            .Argument<NonNullGraphType<UpdateSwimlaneInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<UpdateSwimlaneInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfSwimlaneAsync(input.SwimlaneId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, board =>
                {
                    var lane = board.GetSwimlane(Ids.Parse(input.SwimlaneId, "Swimlane"));
                    board.UpdateSwimlane(lane.Id, input.NewName.Or(lane.Name)!, input.CustomerKind ?? lane.CustomerKind);
                    return new SwimlanePayload(board, lane);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SwimlanePayloadType>>("moveSwimlane")
            .OnBoard(BoardRole.Admin, Locate.SwimlaneInput())
            .Description("Moves a swimlane to another display position.")
            .Argument<NonNullGraphType<MoveSwimlaneInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<MoveSwimlaneInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfSwimlaneAsync(input.SwimlaneId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, board =>
                {
                    var laneId = Ids.Parse(input.SwimlaneId, "Swimlane");
                    board.MoveSwimlane(laneId, input.ToPosition);
                    return new SwimlanePayload(board, board.GetSwimlane(laneId));
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SwimlanePayloadType>>("removeSwimlane")
            .OnBoard(BoardRole.Admin, Locate.SwimlaneInput())
            .Description("Removes a swimlane that holds no cards (archived ones included).")
            .Argument<NonNullGraphType<RemoveSwimlaneInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<RemoveSwimlaneInput>();
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfSwimlaneAsync(input.SwimlaneId, ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var laneId = Ids.Parse(input.SwimlaneId, "Swimlane");
                    var cards = await writes.Db.Cards.CountAsync(c => c.SwimlaneId == laneId, ctx.CancellationToken);
                    board.RemoveSwimlane(laneId, cards);
                    return new SwimlanePayload(board, null, laneId);
                }, ctx.CancellationToken);
            });
    }

    /// <summary>The flags' defaults also stand in for an explicit null.</summary>
    private static ColumnSpec ColumnSpecOf(IColumnSpecInput column) =>
        new(column.Name, column.WipLimit, column.StaleAfter, column.IsCommitmentPoint ?? false, column.IsDone ?? false,
            column.StaleBasis ?? StaleBasis.LastActivity, column.AutoStaleAfter ?? false);
}

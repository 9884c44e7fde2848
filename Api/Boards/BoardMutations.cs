using KanbanCustomer.Api.Common.Access;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
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
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var columns = input.List<IDictionary<string, object?>>("columns").Select(c =>
                {
                    return ColumnSpecOf(new InputReader(c));
                }).ToList();
                var swimlanes = input.List<IDictionary<string, object?>>("swimlanes").Select(s =>
                {
                    var lane = new InputReader(s);
                    return new SwimlaneSpec(lane.Get<string>("name") ?? "", lane.Get("customerKind", CustomerKind.External));
                }).ToList();
                var board = Board.Create(input.Get<string>("name") ?? "", ctx.ViewerId(), writes.Now, columns, swimlanes);
                await writes.AddBoardAsync(board, ctx.CancellationToken);
                return new BoardPayload(board);
            });

        mutation.Field<NonNullGraphType<BoardPayloadType>>("renameBoard")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Renames a board.")
            .Argument<NonNullGraphType<RenameBoardInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.Id("boardId"), "Board"), board =>
                {
                    board.Rename(input.Get<string>("name") ?? "");
                    return new BoardPayload(board);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<BoardPayloadType>>("updateBoardPolicy")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Changes board-wide policies: the stale threshold of columns that have none of their own.")
            .Argument<NonNullGraphType<UpdateBoardPolicyInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.Id("boardId"), "Board"), board =>
                {
                    board.SetDefaultStaleAfter(input.Patch<TimeSpan?>("defaultStaleAfter").Or(board.DefaultStaleAfter));
                    return new BoardPayload(board);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ColumnPayloadType>>("addColumn")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Adds a column to a board.")
            .Argument<NonNullGraphType<AddColumnInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.Id("boardId"), "Board"), board =>
                {
                    var column = board.AddColumn(ColumnSpecOf(input), input.Get<int?>("position"));
                    return new ColumnPayload(board, column);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ColumnPayloadType>>("updateColumn")
            .OnBoard(BoardRole.Admin, Locate.ColumnInput())
            .Description("Changes a column's name, WIP limit, stale threshold or flags.")
            .Argument<NonNullGraphType<UpdateColumnInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfColumnAsync(input.Id("columnId"), ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, board =>
                {
                    var column = board.GetColumn(Ids.Parse(input.Id("columnId"), "Column"));
                    board.UpdateColumn(column.Id,
                        input.Patch<string>("name").Or(column.Name)!,
                        input.Patch<int?>("wipLimit").Or(column.WipLimit),
                        input.Patch<TimeSpan?>("staleAfter").Or(column.StaleAfter),
                        input.Patch<bool?>("isCommitmentPoint").Or(column.IsCommitmentPoint) ?? column.IsCommitmentPoint,
                        input.Patch<bool?>("isDone").Or(column.IsDone) ?? column.IsDone,
                        input.Patch<StaleBasis?>("staleBasis").Or(column.StaleBasis) ?? column.StaleBasis,
                        input.Patch<bool?>("autoStaleAfter").Or(column.AutoStaleAfter) ?? column.AutoStaleAfter);
                    return new ColumnPayload(board, column);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ColumnPayloadType>>("moveColumn")
            .OnBoard(BoardRole.Admin, Locate.ColumnInput())
            .Description("Moves a column to another place in the flow.")
            .Argument<NonNullGraphType<MoveColumnInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfColumnAsync(input.Id("columnId"), ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, board =>
                {
                    var columnId = Ids.Parse(input.Id("columnId"), "Column");
                    board.MoveColumn(columnId, input.Get<int>("toPosition"));
                    return new ColumnPayload(board, board.GetColumn(columnId));
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<ColumnPayloadType>>("removeColumn")
            .OnBoard(BoardRole.Admin, Locate.ColumnInput())
            .Description("Removes a column that holds no cards (archived ones included).")
            .Argument<NonNullGraphType<RemoveColumnInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfColumnAsync(input.Id("columnId"), ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var columnId = Ids.Parse(input.Id("columnId"), "Column");
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
                var input = new InputReader(ctx.Input());
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.Id("boardId"), "Board"), board =>
                {
                    var lane = board.AddSwimlane(input.Get<string>("name") ?? "", input.Get("customerKind", CustomerKind.External), input.Get<int?>("position"));
                    return new SwimlanePayload(board, lane);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SwimlanePayloadType>>("updateSwimlane")
            .OnBoard(BoardRole.Admin, Locate.SwimlaneInput())
            .Description("Renames a swimlane or changes its customer kind.")
            .Argument<NonNullGraphType<UpdateSwimlaneInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfSwimlaneAsync(input.Id("swimlaneId"), ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, board =>
                {
                    var lane = board.GetSwimlane(Ids.Parse(input.Id("swimlaneId"), "Swimlane"));
                    board.UpdateSwimlane(lane.Id,
                        input.Patch<string>("name").Or(lane.Name)!,
                        input.Patch<CustomerKind?>("customerKind").Or(lane.CustomerKind) ?? lane.CustomerKind);
                    return new SwimlanePayload(board, lane);
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SwimlanePayloadType>>("moveSwimlane")
            .OnBoard(BoardRole.Admin, Locate.SwimlaneInput())
            .Description("Moves a swimlane to another display position.")
            .Argument<NonNullGraphType<MoveSwimlaneInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfSwimlaneAsync(input.Id("swimlaneId"), ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, board =>
                {
                    var laneId = Ids.Parse(input.Id("swimlaneId"), "Swimlane");
                    board.MoveSwimlane(laneId, input.Get<int>("toPosition"));
                    return new SwimlanePayload(board, board.GetSwimlane(laneId));
                }, ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<SwimlanePayloadType>>("removeSwimlane")
            .OnBoard(BoardRole.Admin, Locate.SwimlaneInput())
            .Description("Removes a swimlane that holds no cards (archived ones included).")
            .Argument<NonNullGraphType<RemoveSwimlaneInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                var boardId = await writes.BoardOfSwimlaneAsync(input.Id("swimlaneId"), ctx.CancellationToken);
                return await writes.ChangeBoardAsync(boardId, async board =>
                {
                    var laneId = Ids.Parse(input.Id("swimlaneId"), "Swimlane");
                    var cards = await writes.Db.Cards.CountAsync(c => c.SwimlaneId == laneId, ctx.CancellationToken);
                    board.RemoveSwimlane(laneId, cards);
                    return new SwimlanePayload(board, null, laneId);
                }, ctx.CancellationToken);
            });
    }

    private static ColumnSpec ColumnSpecOf(InputReader column) =>
        new(column.Get<string>("name") ?? "", column.Get<int?>("wipLimit"), column.Get<TimeSpan?>("staleAfter"),
            column.Get("isCommitmentPoint", false), column.Get("isDone", false),
            column.Get("staleBasis", StaleBasis.LastActivity), column.Get("autoStaleAfter", false));
}

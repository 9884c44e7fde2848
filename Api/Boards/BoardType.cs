using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Common.Reads;
using KanbanCustomer.Api.Members;
using Microsoft.EntityFrameworkCore;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Boards;

public sealed class BoardType : ObjectGraphType<Board>
{
    public BoardType(IEnumerable<IObjectFields<Board>> features)
    {
        Name = "Board";
        Description = "One team's space for the problems of its customers: ordered columns (the flow) and swimlanes (target groups).";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The board's id.").Resolve(ctx => Ids.Global("Board", ctx.Source.Id))
            .Reads(new GlobalIdRead("Board", nameof(Board.Id)));
        Field(x => x.Name).Description("The board's name.").Reads(new ColumnRead(nameof(Board.Name)));
        Field(x => x.CreatedAt).Description("When the board was created.").Reads(new ColumnRead(nameof(Board.CreatedAt)));
        Field(x => x.DefaultStaleAfter, typeof(DurationGraphType)).Description("Stale threshold of columns without one of their own; null: those are never stale.");
        Field(x => x.CreatedBy).Description("User id of the board's creator.").Reads(new ColumnRead(nameof(Board.CreatedBy)));
        Field<NonNullGraphType<IntGraphType>>("lastEventSeq")
            .Description("Sequence number of the board's latest event; a client that knows it can ask for what came after.")
            .Resolve(ctx => (int)ctx.Source.LastEventSeq)
            .Reads(new ColumnRead(nameof(Board.LastEventSeq)));
        Field<NonNullGraphType<BoardMemberConnectionType>>("members")
            .Description("Who may see the board, and with which role; in the order they were added.")
            .PageArguments("members")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<BoardMember, Guid>(ctx.Db().BoardMembers.AsNoTracking(), m => m.BoardId, MemberLists.AddedOrder), m => m));
        Field<NonNullGraphType<BoardRoleType>>("viewerRole")
            .Description("The signed-in user's role on the board.")
            .Resolve(ctx => ctx.MemberLoaders().ViewerRoleByBoard.Load(ctx.Source.Id).Then(role => role ?? BoardRole.Viewer))
            // Compiled reads reach only boards the viewer is a member of, so the role is always there.
            .Reads(new ViewerValueRead(typeof(BoardMember), nameof(BoardMember.BoardId), nameof(BoardMember.UserId), nameof(BoardMember.Role)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ColumnType>>>>("columns")
            .Description("The columns in flow order.")
            .Resolve(ctx => ctx.BoardLoaders().ColumnsByBoard.Load(ctx.Source.Id))
            .Reads(new ChildListRead(typeof(Column), nameof(Column.BoardId), [new(nameof(Column.Position))]));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SwimlaneType>>>>("swimlanes")
            .Description("The swimlanes (target groups) in display order.")
            .Resolve(ctx => ctx.BoardLoaders().SwimlanesByBoard.Load(ctx.Source.Id))
            .Reads(new ChildListRead(typeof(Swimlane), nameof(Swimlane.BoardId), [new(nameof(Swimlane.Position))]));
        this.AddFieldsOf(features);
    }
}

public sealed class ColumnType : ObjectGraphType<Column>
{
    public ColumnType(IEnumerable<IObjectFields<Column>> features)
    {
        Name = "Column";
        Description = "A stage of the flow.";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The column's id.").Resolve(ctx => Ids.Global("Column", ctx.Source.Id))
            .Reads(new GlobalIdRead("Column", nameof(Column.Id)));
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board the column belongs to.").Resolve(ctx => Ids.Global("Board", ctx.Source.BoardId))
            .Reads(new GlobalIdRead("Board", nameof(Column.BoardId)));
        Field(x => x.Name).Description("The column's name.").Reads(new ColumnRead(nameof(Column.Name)));
        Field(x => x.Position).Description("0-based place in the flow.").Reads(new ColumnRead(nameof(Column.Position)));
        Field(x => x.WipLimit).Description("Hard limit on unarchived cards in the column; null = no limit.").Reads(new ColumnRead(nameof(Column.WipLimit)));
        Field(x => x.StaleAfter, typeof(DurationGraphType)).Description("The column's own stale threshold; null: the board's default applies (a done column is never stale).");
        Field(x => x.StaleBasis, typeof(NonNullGraphType<StaleBasisType>)).Description("What the threshold measures: time since last activity, or time in the column.");
        Field(x => x.AutoStaleAfter).Description("Whether the threshold is learned from how long cards stayed here (85th percentile).");
        Field(x => x.IsCommitmentPoint).Description("Entering this column starts the work (cycle time starts here).").Reads(new ColumnRead(nameof(Column.IsCommitmentPoint)));
        Field(x => x.IsDone).Description("Cards here are done.").Reads(new ColumnRead(nameof(Column.IsDone)));
        Field<NonNullGraphType<IntGraphType>>("cardCount").Description("Unarchived cards in the column (what the WIP limit counts).")
            .Resolve(ctx => ctx.BoardLoaders().ActiveCardCountByColumn.Load(ctx.Source.Id))
            .Reads(new CountRead(typeof(Domain.Cards.Card), nameof(Domain.Cards.Card.ColumnId), nameof(Domain.Cards.Card.IsArchived)));
        this.AddFieldsOf(features);
    }
}

public sealed class SwimlaneType : ObjectGraphType<Swimlane>
{
    public SwimlaneType()
    {
        Name = "Swimlane";
        Description = "A target group (Zielgruppe) whose customers are external or internal.";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The swimlane's id.").Resolve(ctx => Ids.Global("Swimlane", ctx.Source.Id))
            .Reads(new GlobalIdRead("Swimlane", nameof(Swimlane.Id)));
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board the swimlane belongs to.").Resolve(ctx => Ids.Global("Board", ctx.Source.BoardId))
            .Reads(new GlobalIdRead("Board", nameof(Swimlane.BoardId)));
        Field(x => x.Name).Description("The target group's name.").Reads(new ColumnRead(nameof(Swimlane.Name)));
        Field(x => x.Position).Description("0-based display order.").Reads(new ColumnRead(nameof(Swimlane.Position)));
        Field(x => x.CustomerKind, typeof(NonNullGraphType<CustomerKindType>)).Description("Whether this group's customers are external or internal (employees).")
            .Reads(new ColumnRead(nameof(Swimlane.CustomerKind)));
    }
}

public sealed class CustomerKindType : EnumerationGraphType<CustomerKind>
{
    public CustomerKindType()
    {
        Name = "CustomerKind";
        Description = "Whose problem it is: customers outside the company, or employees inside it.";
    }
}

public sealed class StaleBasisType : EnumerationGraphType<StaleBasis>
{
    public StaleBasisType()
    {
        Name = "StaleBasis";
        Description = "What a stale threshold measures.";
    }
}

public sealed class BoardConnectionType() : ConnectionType<BoardType, BoardEdgeType, Board>("Board", "boards");

public sealed class BoardEdgeType() : EdgeType<BoardType, Board>("Board");

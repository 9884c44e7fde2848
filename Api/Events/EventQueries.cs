using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using Microsoft.EntityFrameworkCore;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Events;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Events;

public static class EventQueries
{
    public static void AddEventQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<BoardEventConnectionType>>("boardEvents")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument("boardId"))
            .Description("A board's events after afterSeq, oldest first, a page at a time: for clients that poll or resync.")
            .Argument<NonNullGraphType<IdGraphType>>("boardId", "The board.")
            .Argument<IntGraphType>("afterSeq", "Only events after this sequence number (default 0: from the start).")
            .PageArguments("events")
            .Resolve(ctx =>
            {
                var boardId = Ids.Parse(ctx.GetArgument<string>("boardId"), "Board");
                var afterSeq = ctx.GetArgument("afterSeq", 0);
                if (afterSeq < 0)
                    throw DomainException.Invalid("afterSeq", "afterSeq must be 0 or more.");
                return ctx.Connections().Load(ctx, boardId,
                    () => new ConnectionSpec<BoardEvent, Guid>(ctx.Db().BoardEvents.AsNoTracking().Where(e => e.Seq > afterSeq), e => e.BoardId, EventLists.SeqOrder),
                    e => new BoardEventView(e));
            });

    public static void AddEventSubscriptions(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<BoardEventInterface>>("boardEvents")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument("boardId"))
            .Description("A board's events as they happen. With afterSeq, the events after it are replayed first; then live ones follow, in order, without gaps or duplicates. Ends when the viewer is removed from the board.")
            .Argument<NonNullGraphType<IdGraphType>>("boardId", "The board.")
            .Argument<IntGraphType>("afterSeq", "Replay the events after this sequence number first (omit for live events only).")
            .ResolveStreamAsync(async ctx =>
            {
                var raw = ctx.GetArgument<string>("boardId");
                var boardId = Ids.Parse(raw, "Board");
                var viewer = ctx.ViewerId();
                // The guard checked membership at subscribe time; from then on the stream watches for the viewer's removal.
                BoardRoles.Check(await BoardAccess.RoleAsync(ctx.Db(), boardId, viewer, ctx.CancellationToken), BoardRole.Viewer, "Board", raw);
                var afterSeq = ctx.GetArgument<int?>("afterSeq");
                if (afterSeq < 0)
                    throw DomainException.Invalid("afterSeq", "afterSeq must be 0 or more.");
                var feed = ctx.RequestServices!.GetRequiredService<BoardEventFeed>();
                return new AsyncObservable<object?>(ct => ReadAsync(feed, boardId, afterSeq, viewer, ct));
            });

    private static async IAsyncEnumerable<object?> ReadAsync(BoardEventFeed feed, Guid boardId, long? afterSeq, string viewer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var boardEvent in feed.ReadAsync(boardId, afterSeq, cancellationToken))
        {
            var view = new BoardEventView(boardEvent);
            if (view.Type == nameof(MemberRemoved) && view.Text("userId") == viewer)
                throw new DomainException(ErrorCodes.Forbidden, "You were removed from this board; its events stop here.");
            yield return view;
        }
    }
}

using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Common.Filtering;
using KanbanCustomer.Domain.Boards;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Flow;

public static class FlowQueries
{
    /// <summary>What reading a window of a board's flow history adds to an operation's cost (docs/flow-metrics.md).</summary>
    public const int HistoryCost = 100;

    /// <summary>What each operation of flowMetrics' <c>where</c> adds: a predicate over every card the window reads.</summary>
    public const int WhereOperationCost = 2;

    public static void AddFlowQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<FlowMetricsType>>("flowMetrics")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument("boardId"))
            .Description("The board's flow over a window: cycle time, throughput, WIP, age, cumulative flow, SLE and blocked time, per group. "
                + "VALIDATION when from is not before to, the window spans over 3 years, the time zone is unknown, or where is malformed.")
            .Argument<NonNullGraphType<IdGraphType>>("boardId", "The board.")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("from", "The window's start.")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("to", "The window's end (at most 3 years after from).")
            .Argument<FlowGroupByType>("groupBy", "How to split the cards.", a => a.DefaultValue = FlowGroupBy.None)
            .Argument<StringGraphType>("timeZone", "IANA time zone the days are cut in.", a => a.DefaultValue = "UTC")
            .Costs(argument => HistoryCost + FilterOps.CountOperations(argument("where")) * WhereOperationCost)
            .Argument<CardFilterInputType>("where", "Only the cards that meet these conditions now (as in the card lists; archived cards included).")
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<FlowReads>().MetricsAsync(
                ctx.Db(), Ids.Parse(ctx.GetArgument<string>("boardId"), "Board"), ctx.GetArgument<DateTimeOffset>("from"),
                ctx.GetArgument<DateTimeOffset>("to"), ctx.GetArgument("groupBy", FlowGroupBy.None), ctx.GetArgument("timeZone", "UTC"),
                CardsOf(ctx), ctx.CancellationToken));

    /// <summary>The cards <c>where</c> selects, checked before anything is read; null for all of them.</summary>
    private static FlowCards? CardsOf(IResolveFieldContext ctx)
    {
        var where = ctx.GetArgument<IDictionary<string, object?>?>("where");
        var now = ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
        return CardLists.Narrowing(ctx.Db(), where, now) is { } narrow
            ? new FlowCards(System.Text.Json.JsonSerializer.Serialize(where), narrow)
            : null;
    }
}

using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Domain.Boards;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Flow;

public static class FlowQueries
{
    public static void AddFlowQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<FlowMetricsType>>("flowMetrics")
            .OnBoard(BoardRole.Viewer, Locate.BoardArgument("boardId"))
            .Description("The board's flow over a window: cycle time, throughput, WIP, age, cumulative flow, SLE and blocked time, per group. "
                + "VALIDATION when from is not before to, the window spans over 3 years, or the time zone is unknown.")
            .Argument<NonNullGraphType<IdGraphType>>("boardId", "The board.")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("from", "The window's start.")
            .Argument<NonNullGraphType<DateTimeOffsetGraphType>>("to", "The window's end (at most 3 years after from).")
            .Argument<FlowGroupByType>("groupBy", "How to split the cards.", a => a.DefaultValue = FlowGroupBy.None)
            .Argument<StringGraphType>("timeZone", "IANA time zone the days are cut in.", a => a.DefaultValue = "UTC")
            .ResolveAsync(async ctx => await ctx.RequestServices!.GetRequiredService<FlowReads>().MetricsAsync(
                ctx.Db(), Ids.Parse(ctx.GetArgument<string>("boardId"), "Board"), ctx.GetArgument<DateTimeOffset>("from"),
                ctx.GetArgument<DateTimeOffset>("to"), ctx.GetArgument("groupBy", FlowGroupBy.None), ctx.GetArgument("timeZone", "UTC"),
                ctx.CancellationToken));
}

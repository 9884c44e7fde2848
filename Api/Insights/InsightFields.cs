using GraphQL;
using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Insights;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Insights;

/// <summary><c>Board.insights</c> and <c>Board.newInsightCount</c>: the inbox, read by everyone on the board.</summary>
public sealed class BoardInsightsField : IObjectFields<Board>
{
    public void AddTo(ObjectGraphType<Board> type)
    {
        type.Field<NonNullGraphType<InsightConnectionType>>("insights")
            .Description("The board's insights, newest first: the inbox (status: [NEW]), what became of the others, or with mine: true the viewer's own.")
            .Argument<ListGraphType<NonNullGraphType<InsightStatusType>>>("status", "Only insights in one of these statuses; omit for all.")
            .Argument<BooleanGraphType>("mine", "true: only the insights the viewer submitted.")
            .PageArguments("insights")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<Insight, Guid>(Rows(ctx), i => i.BoardId, InsightType.NewestFirst), i => i));

        type.Field<NonNullGraphType<IntGraphType>>("newInsightCount")
            .Description("How many insights wait in the inbox (status NEW).")
            .Resolve(ctx => ctx.InsightLoaders().NewCountByBoard.Load(ctx.Source.Id));
    }

    private static IQueryable<Insight> Rows(IResolveFieldContext context)
    {
        var rows = context.Db().Insights.AsNoTracking();
        if (context.GetArgument<List<InsightStatus>?>("status") is { } statuses)
            rows = rows.Where(i => statuses.Contains(i.Status));
        if (context.GetArgument<bool?>("mine") == true)
        {
            var viewerId = context.ViewerId();
            rows = rows.Where(i => i.SubmittedBy == viewerId);
        }

        return rows;
    }
}

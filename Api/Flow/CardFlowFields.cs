using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Cards;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Flow;

/// <summary><c>Card.age</c> and <c>Card.isAtRisk</c>, from the board's flow over the last 90 days (cached per board).</summary>
public sealed class CardFlowFields : IObjectFields<Card>
{
    public void AddTo(ObjectGraphType<Card> type)
    {
        type.Field<FloatGraphType>("age").Description("Calendar days since the card was committed to; null when it is not in flight.")
            .ResolveAsync(async ctx => (await AgeAsync(ctx))?.Days);
        type.Field<BooleanGraphType>("isAtRisk").Description("Older than the board's SLE (p85 cycle time of the last 90 days); null when not in flight.")
            .ResolveAsync(async ctx => (await AgeAsync(ctx))?.IsAtRisk);
    }

    private static Task<CardAge?> AgeAsync(GraphQL.IResolveFieldContext<Card> ctx) =>
        ctx.RequestServices!.GetRequiredService<FlowReads>().CardAgeAsync(ctx.Db(), ctx.Source.BoardId, ctx.Source.Id, ctx.CancellationToken);
}

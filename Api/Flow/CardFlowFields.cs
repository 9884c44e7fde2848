using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Infrastructure.Persistence;

namespace KanbanCustomer.Api.Flow;

/// <summary><c>Card.age</c> and <c>Card.isAtRisk</c>, from the board's flow over the last 90 days (cached per board).</summary>
public sealed class CardFlowFields : IObjectFields<Card>
{
    public void AddTo(ObjectGraphType<Card> type)
    {
        type.Field<FloatGraphType>("age").Description("Calendar days since the card was committed to; null when it is not in flight.")
            .Resolve(ctx => ctx.RequestService<FlowLoaders>().AgeByCard.Load((ctx.Source.BoardId, ctx.Source.Id)).Then(a => a?.Days));
        type.Field<BooleanGraphType>("isAtRisk").Description("Older than the board's SLE (p85 cycle time of the last 90 days); null when not in flight.")
            .Resolve(ctx => ctx.RequestService<FlowLoaders>().AgeByCard.Load((ctx.Source.BoardId, ctx.Source.Id)).Then(a => a?.IsAtRisk));
    }
}

/// <summary>Per request: the ages of the cards a query lists, one flow computation (or cache hit) per board.</summary>
public sealed class FlowLoaders : IRequestLoaders
{
    public FlowLoaders(KanbanDbContext db, FlowReads reads) =>
        AgeByCard = new(async (keys, ct) =>
        {
            var ages = new Dictionary<(Guid, Guid), CardAge?>();
            foreach (var board in keys.GroupBy(k => k.BoardId))
            {
                var byCard = await reads.CardAgesAsync(db, board.Key, ct);
                foreach (var key in board)
                    ages[key] = byCard.GetValueOrDefault(key.CardId);
            }

            return ages;
        }, null);

    public BatchLoader<(Guid BoardId, Guid CardId), CardAge?> AgeByCard { get; }

    public void Clear() => AgeByCard.Clear();
}

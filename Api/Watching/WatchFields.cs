using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Watching;

/// <summary>How many people watch a card, and whether the viewer is one of them (<c>Card.watcherCount</c>, <c>Card.viewerIsWatching</c>).</summary>
public readonly record struct WatchTally(int Count, bool ViewerIsWatching);

public sealed class WatchFields : IObjectFields<Card>
{
    public void AddTo(ObjectGraphType<Card> type)
    {
        type.Field<NonNullGraphType<IntGraphType>>("watcherCount").Description("How many people watch the card (they hear what becomes of it).")
            .Resolve(ctx => ctx.RequestService<WatchLoaders>().WatchesByCard.Load(ctx.Source.Id).Then(t => t.Count));
        type.Field<NonNullGraphType<BooleanGraphType>>("viewerIsWatching").Description("Whether the viewer watches the card (see watchCard).")
            .Resolve(ctx => ctx.RequestService<WatchLoaders>().WatchesByCard.Load(ctx.Source.Id).Then(t => t.ViewerIsWatching));
    }
}

/// <summary>Per request: the watch tallies of the cards a query lists, one grouped query per level.</summary>
public sealed class WatchLoaders : IRequestLoaders
{
    public WatchLoaders(KanbanDbContext db, ICurrentActor viewer) =>
        WatchesByCard = new(async (ids, ct) =>
            await db.CardWatches.Where(w => ids.Contains(w.CardId))
                .GroupBy(w => w.CardId)
                .Select(g => new { g.Key, Count = g.Count(), Mine = g.Any(w => w.UserId == viewer.Id) })
                .ToDictionaryAsync(g => g.Key, g => new WatchTally(g.Count, g.Mine), ct), default);

    public BatchLoader<Guid, WatchTally> WatchesByCard { get; }

    public void Clear() => WatchesByCard.Clear();
}

using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.Cards;

/// <summary>How many votes a card has and whether the viewer cast one of them.</summary>
public readonly record struct VoteTally(int Count, bool ViewerHasVoted);

/// <summary>Per-request loaders for cards and their children; each runs one query per distinct list shape.</summary>
public sealed class CardLoaders : IRequestLoaders
{
    public CardLoaders(KanbanDbContext db, ICurrentActor viewer)
    {
        CardById = new(async (ids, ct) =>
            await db.Cards.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (Card?)c, ct), null);
        VotesByCard = new(async (ids, ct) =>
            await db.Votes.Where(v => ids.Contains(v.CardId))
                .GroupBy(v => v.CardId)
                .Select(g => new { g.Key, Count = g.Count(), Mine = g.Any(v => v.VoterId == viewer.Id) })
                .ToDictionaryAsync(g => g.Key, g => new VoteTally(g.Count, g.Mine), ct), default);
    }

    public BatchLoader<Guid, Card?> CardById { get; }

    public BatchLoader<Guid, VoteTally> VotesByCard { get; }

    public void Clear()
    {
        CardById.Clear();
        VotesByCard.Clear();
    }
}

public static class CardLoadersContext
{
    public static CardLoaders CardLoaders(this GraphQL.IResolveFieldContext context) => context.RequestService<CardLoaders>();
}

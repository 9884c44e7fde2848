using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Comments;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Insights;
using KanbanCustomer.Domain.Watching;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// Who watches a card without asking, kept on save beside the board events (so under the board's lock): the reporter
/// of a new card, whoever adds evidence (an attached insight's submitter, who is its author), comments, votes, or has
/// an insight turned into the card; a merge hands the duplicate's watchers to the card it went into. A removed member stops
/// watching the board's cards.
/// </summary>
public static class CardWatches
{
    /// <summary>Watches and unwatches what <paramref name="changes"/> call for; adds the new watches to the context.</summary>
    public static async Task KeepAsync(KanbanDbContext db, IReadOnlyList<BoardChange> changes, IReadOnlyDictionary<Guid, Card> cards,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wanted = new List<(Guid BoardId, Guid CardId, string UserId)>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case CardCreated created when cards.GetValueOrDefault(created.CardId) is { } card:
                    wanted.Add((card.BoardId, card.Id, card.ReporterId));
                    break;
                case EvidenceAdded added when cards.GetValueOrDefault(added.CardId)?.Evidence.FirstOrDefault(e => e.Id == added.EvidenceId) is { } evidence:
                    wanted.Add((added.BoardId, added.CardId, evidence.RecordedBy));
                    break;
                case VoteCast vote:
                    wanted.Add((vote.BoardId, vote.CardId, vote.VoterId));
                    break;
                case InsightTriaged { CardId: { } cardId } triaged
                    when db.ChangeTracker.Entries<Insight>().FirstOrDefault(e => e.Entity.Id == triaged.InsightId) is { } insight:
                    wanted.Add((triaged.BoardId, cardId, insight.Entity.SubmittedBy));
                    break;
                case CommentAdded commented
                    when db.ChangeTracker.Entries<Comment>().FirstOrDefault(e => e.Entity.Id == commented.CommentId) is { } comment:
                    wanted.Add((commented.BoardId, commented.CardId, comment.Entity.AuthorId));
                    break;
                case CardMerged merged:
                    var watchers = await db.CardWatches.Where(w => w.CardId == merged.CardId).Select(w => w.UserId).ToListAsync(cancellationToken);
                    wanted.AddRange(watchers.Select(user => (merged.BoardId, merged.TargetCardId, user)));
                    break;
                case MemberRemoved removed:
                    await db.CardWatches.Where(w => w.BoardId == removed.BoardId && w.UserId == removed.UserId).ExecuteDeleteAsync(cancellationToken);
                    break;
            }
        }

        await WatchAsync(db, wanted, now, cancellationToken);
    }

    /// <summary>Adds the watches not there yet (each pair once, however often it is asked for).</summary>
    public static async Task WatchAsync(KanbanDbContext db, IReadOnlyList<(Guid BoardId, Guid CardId, string UserId)> wanted, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (wanted.Count == 0)
            return;
        var cardIds = wanted.Select(w => w.CardId).Distinct().ToList();
        var users = wanted.Select(w => w.UserId).Distinct().ToList();
        var existing = (await db.CardWatches.Where(w => cardIds.Contains(w.CardId) && users.Contains(w.UserId))
                .Select(w => new { w.CardId, w.UserId })
                .ToListAsync(cancellationToken))
            .Select(w => (w.CardId, w.UserId))
            .Concat(db.ChangeTracker.Entries<CardWatch>().Where(e => e.State == EntityState.Added).Select(e => (e.Entity.CardId, e.Entity.UserId)))
            .ToHashSet();
        foreach (var (boardId, cardId, userId) in wanted)
        {
            if (existing.Add((cardId, userId)))
                db.CardWatches.Add(new CardWatch(boardId, cardId, userId, now));
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// Measures cards saved before cards kept their measures (the migration adding them left zeros and no score): counts,
/// newest evidence and score key from each card's evidence and votes. Runs after migrations; a card once measured is
/// not read again, so a second run finds nothing. Records no board event: no problem changed.
/// </summary>
public static class CardMeasures
{
    private const int BatchSize = 200;

    /// <summary>Returns how many cards it measured.</summary>
    public static async Task<int> BackfillAsync(KanbanDbContext db, CancellationToken cancellationToken = default)
    {
        var measured = 0;
        while (true)
        {
            var cards = await db.Cards
                .Where(c => (c.EvidenceLog == null && db.Evidence.Any(e => e.CardId == c.Id)) ||
                            (c.VoteCount == 0 && db.Votes.Any(v => v.CardId == c.Id)))
                .OrderBy(c => c.Id)
                .Take(BatchSize)
                .Include(c => c.Evidence)
                .Include(c => c.Votes)
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            if (cards.Count == 0)
                return measured;
            foreach (var card in cards)
                card.MeasureLoaded();
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            measured += cards.Count;
        }
    }
}

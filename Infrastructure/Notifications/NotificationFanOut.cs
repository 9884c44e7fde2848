using System.Text.Json;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Notifications;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Notifications;

/// <summary>
/// Tells committed board events to the people who watch the cards they touch: one notification per watcher per event,
/// never to the person who acted, only to members of the board. Reads the events after the board's cursor and writes
/// the notifications and the moved cursor in one transaction, the cursor moved only if nobody moved it meanwhile: a
/// crash before the commit leaves the events to the next pass, one after it leaves nothing to do, so every notification
/// is written exactly once, whichever instance runs the pass.
/// </summary>
public static class NotificationFanOut
{
    public const int BatchSize = 500;

    /// <summary>
    /// Notifications one pass writes at most (an event is never split): on SQLite a pass holds the one write lock, so a
    /// card with thousands of watchers is told in several short transactions rather than one that stalls every writer.
    /// </summary>
    public const int MaxNotificationsPerPass = 500;

    /// <summary>The event types that notify anyone.</summary>
    public static readonly string[] Types = [nameof(CardMoved), nameof(CardMerged), nameof(CardFlaggedStale), nameof(CommentAdded)];

    /// <summary>The boards whose events have not all been told yet (a board without a cursor is behind from its first event).</summary>
    public static Task<List<Guid>> BoardsBehindAsync(KanbanDbContext db, int max, CancellationToken cancellationToken) =>
        db.Boards.AsNoTracking()
            .Where(b => b.LastEventSeq > (db.NotificationCursors.Where(c => c.BoardId == b.Id).Select(c => (long?)c.ThroughSeq).FirstOrDefault() ?? 0))
            .OrderBy(b => b.Id)
            .Select(b => b.Id)
            .Take(max)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// One step for one board: up to a batch of its untold events, and up to <see cref="MaxNotificationsPerPass"/>
    /// notifications. Returns how many it wrote.
    /// </summary>
    public static async Task<int> RunAsync(KanbanDbContext db, Guid boardId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var from = await db.NotificationCursors.AsNoTracking().Where(c => c.BoardId == boardId).Select(c => (long?)c.ThroughSeq).SingleOrDefaultAsync(cancellationToken);
        var last = await db.Boards.AsNoTracking().Where(b => b.Id == boardId).Select(b => b.LastEventSeq).SingleAsync(cancellationToken);
        var events = await db.BoardEvents.AsNoTracking()
            .Where(e => e.BoardId == boardId && e.Seq > (from ?? 0) && e.Seq <= last && Types.Contains(e.Type))
            .OrderBy(e => e.Seq)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var through = events.Count == BatchSize ? events[^1].Seq : last;

        var cardIds = events.Where(e => e.CardId is not null).Select(e => e.CardId!.Value).Distinct().ToList();
        var watchers = (await db.CardWatches.AsNoTracking()
                .Where(w => cardIds.Contains(w.CardId))
                .Select(w => new { w.CardId, w.UserId })
                .ToListAsync(cancellationToken))
            .ToLookup(w => w.CardId, w => w.UserId);
        var members = (await db.BoardMembers.AsNoTracking().Where(m => m.BoardId == boardId).Select(m => m.UserId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var titles = await db.Cards.AsNoTracking().Where(c => cardIds.Contains(c.Id)).Select(c => new { c.Id, c.Title }).ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken);
        var done = (await db.Columns.AsNoTracking().Where(c => c.BoardId == boardId && c.IsDone).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();

        var written = 0;
        foreach (var boardEvent in events)
        {
            if (boardEvent.CardId is not { } cardId || KindOf(boardEvent, done) is not { } kind)
                continue;
            // Watchers hear what happened; people mentioned in a new comment hear that they were, watching or not.
            var told = watchers[cardId].ToDictionary(u => u, _ => kind, StringComparer.Ordinal);
            foreach (var mentioned in MentionsOf(boardEvent))
                told[mentioned] = NotificationKind.Mentioned;
            var recipients = told.Where(t => t.Key != boardEvent.ActorId && members.Contains(t.Key)).ToList();
            if (written > 0 && written + recipients.Count > MaxNotificationsPerPass)
            {
                through = boardEvent.Seq - 1; // this event and the rest go to the next pass
                break;
            }

            foreach (var (userId, what) in recipients)
            {
                db.Notifications.Add(new Notification(userId, boardId, cardId, boardEvent.Seq, what, boardEvent.ActorId, boardEvent.ActorName,
                    titles.GetValueOrDefault(cardId, ""), now));
                written++;
            }
        }

        if (from is null)
        {
            db.NotificationCursors.Add(new NotificationCursor(boardId, through));
        }
        else if (await db.NotificationCursors.Where(c => c.BoardId == boardId && c.ThroughSeq == from)
                     .ExecuteUpdateAsync(s => s.SetProperty(c => c.ThroughSeq, through), cancellationToken) == 0)
        {
            return 0; // another pass moved it first; this one rolls back
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (from is null)
        {
            return 0; // another pass made the cursor first; this one rolls back
        }

        await transaction.CommitAsync(CancellationToken.None);
        return written;
    }

    /// <summary>The user ids a new comment mentions (none for any other event).</summary>
    private static List<string> MentionsOf(Domain.Boards.BoardEvent boardEvent)
    {
        if (boardEvent.Type != nameof(CommentAdded))
            return [];
        using var payload = JsonDocument.Parse(boardEvent.Payload);
        return payload.RootElement.TryGetProperty("mentions", out var mentions) && mentions.ValueKind == JsonValueKind.Array
            ? mentions.EnumerateArray().Select(m => m.GetString()).OfType<string>().ToList()
            : [];
    }

    /// <summary>What an event tells a watcher; null for an event that tells nothing (a move within its column).</summary>
    private static NotificationKind? KindOf(Domain.Boards.BoardEvent boardEvent, HashSet<Guid> doneColumns)
    {
        switch (boardEvent.Type)
        {
            case nameof(CardMoved):
                using (var payload = JsonDocument.Parse(boardEvent.Payload))
                {
                    var to = payload.RootElement.GetProperty("toColumnId").GetGuid();
                    if (to == payload.RootElement.GetProperty("fromColumnId").GetGuid())
                        return null;
                    return doneColumns.Contains(to) ? NotificationKind.CardSolved : NotificationKind.CardMoved;
                }

            case nameof(CardMerged):
                return NotificationKind.CardMerged;
            case nameof(CardFlaggedStale):
                return NotificationKind.CardFlaggedStale;
            case nameof(CommentAdded):
                return NotificationKind.CommentAdded;
            default:
                return null;
        }
    }
}

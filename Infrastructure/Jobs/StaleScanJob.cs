using System.Diagnostics;
using Hangfire;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Telemetry;
using KanbanCustomer.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Infrastructure.Jobs;

/// <summary>
/// Flags the cards that sat past their column's threshold, and writes one webhook digest per board and webhook.
/// Candidates come from one set-based query per column (ids only); each board is then changed in one write of the
/// usual shape (transaction, board lock, load, domain call, save), so two scans at once flag nothing twice:
/// the second waits for the lock and the domain finds the card already flagged.
/// </summary>
public sealed class StaleScanJob(
    KanbanDbContext db, TimeProvider time, IWebhookDispatcher dispatcher, IOptions<StaleScanOptions> options, ILogger<StaleScanJob> logger,
    KanbanMetrics metrics)
{
    public const string RecurringJobId = "stale-scan";

    /// <summary>The smallest threshold a column may be given (the domain's own lower bound).</summary>
    private static readonly TimeSpan LearnedMin = TimeSpan.FromMinutes(1);

    /// <summary>One scan. Hangfire runs one at a time and never retries: the next run catches up.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<StaleScanResult> RunAsync(CancellationToken cancellationToken)
    {
        using var span = KanbanTelemetry.Source.StartActivity(KanbanTelemetry.Spans.StaleScan);
        var watch = Stopwatch.StartNew(); // real time, whatever clock the scan reads
        var outcome = "failed";
        try
        {
            var result = await ScanAsync(cancellationToken);
            span?.SetTag("kanban.stale_scan.flagged", result.Flagged);
            outcome = "succeeded";
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            if (outcome == "failed")
                span?.SetStatus(ActivityStatusCode.Error);
            metrics.StaleScanDuration.Record(watch.Elapsed.TotalSeconds, new KeyValuePair<string, object?>(KanbanTelemetry.Tags.Outcome, outcome));
        }
    }

    private async Task<StaleScanResult> ScanAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var settings = options.Value;

        var columns = await db.Columns.AsNoTracking().Where(c => !c.IsDone).ToListAsync(cancellationToken);
        var boardDefaults = await db.Boards.AsNoTracking()
            .Select(b => new { b.Id, b.DefaultStaleAfter })
            .ToDictionaryAsync(b => b.Id, b => b.DefaultStaleAfter, cancellationToken);
        var learned = await LearnThresholdsAsync(columns.Where(c => c.AutoStaleAfter).ToList(), now, settings, cancellationToken);

        var candidates = new Dictionary<Guid, List<Guid>>();
        var examined = 0;
        foreach (var column in columns)
        {
            var threshold = column.EffectiveStaleAfter(boardDefaults.GetValueOrDefault(column.BoardId), Learned(learned, column.Id));
            if (threshold is not { } after)
                continue;
            var ids = await OverdueCardIdsAsync(column.Id, column.StaleBasis, now - after, now, cancellationToken);
            if (ids.Count == 0)
                continue;
            examined += ids.Count;
            if (!candidates.TryGetValue(column.BoardId, out var list))
                candidates[column.BoardId] = list = [];
            list.AddRange(ids);
        }

        var (flagged, deliveries, failed) = (0, 0, 0);
        foreach (var (boardId, cardIds) in candidates)
        {
            try
            {
                var (boardFlagged, boardDeliveries) = await FlagBoardAsync(boardId, cardIds, learned, now, settings.StaleScanBatchSize, cancellationToken);
                flagged += boardFlagged;
                deliveries += boardDeliveries.Count;
                Dispatch(boardDeliveries);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                logger.LogError(ex, "The stale scan could not flag the cards of board {BoardId}; the next scan tries again.", boardId);
            }
        }

        var result = new StaleScanResult(columns.Count, learned.Count, examined, flagged, candidates.Count, deliveries, failed, time.GetElapsedTime(started));
        logger.LogInformation(
            "Stale scan: {Columns} columns ({Learned} with a learned threshold), {Examined} cards examined, {Flagged} flagged on {Boards} boards, {Deliveries} webhook deliveries, {Failed} boards failed, in {Elapsed} ms.",
            result.Columns, result.LearnedColumns, result.CardsExamined, result.Flagged, result.Boards, result.Deliveries, result.FailedBoards,
            (long)result.Elapsed.TotalMilliseconds);
        if (failed > 0)
            throw new InvalidOperationException($"The stale scan failed on {failed} of {candidates.Count} boards (see the log); the others were scanned.");
        return result;
    }

    private Task<List<Guid>> OverdueCardIdsAsync(Guid columnId, StaleBasis basis, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken) =>
        OverdueCards(db, columnId, basis, cutoff, now).ToListAsync(cancellationToken);

    /// <summary>Ids of the column's cards that are unflagged, active, not snoozed, and whose clock started at or before <paramref name="cutoff"/>.</summary>
    public static IQueryable<Guid> OverdueCards(KanbanDbContext db, Guid columnId, StaleBasis basis, DateTimeOffset cutoff, DateTimeOffset now)
    {
        var query = db.Cards.AsNoTracking()
            .Where(c => c.ColumnId == columnId && c.StaleSince == null && !c.IsArchived && (c.SnoozedUntil == null || c.SnoozedUntil <= now));
        query = basis switch
        {
            StaleBasis.TimeInColumn => query.Where(c => c.EnteredColumnAt <= cutoff),
            StaleBasis.LastEvidence => query.Where(c => (c.LastEvidenceAt ?? c.CreatedAt) <= cutoff),
            _ => query.Where(c => c.LastActivityAt <= cutoff),
        };
        return query.Select(c => c.Id);
    }

    /// <summary>One board's write: flags what is still overdue under the lock, and stores its digests in the same transaction.</summary>
    private async Task<(int Flagged, List<Guid> Deliveries)> FlagBoardAsync(
        Guid boardId, List<Guid> cardIds, Dictionary<Guid, TimeSpan> learned, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        return await db.WriteBoardAsync(boardId, async () =>
        {
            // Read under the lock: a column changed since the candidates were found counts as it is now.
            var board = await db.Boards.AsNoTracking().Include(b => b.Columns).SingleAsync(b => b.Id == boardId, cancellationToken);
            var columns = board.Columns.ToDictionary(c => c.Id);
            var flagged = new List<Card>();
            foreach (var batch in cardIds.Chunk(batchSize))
            {
                var cards = await db.Cards.Where(c => batch.Contains(c.Id)).ToListAsync(cancellationToken);
                foreach (var card in cards)
                {
                    if (columns.TryGetValue(card.ColumnId, out var column) &&
                        column.EffectiveStaleAfter(board.DefaultStaleAfter, Learned(learned, column.Id)) is { } threshold &&
                        card.FlagStaleIfOverdue(threshold, column.StaleBasis, now))
                    {
                        flagged.Add(card);
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            var deliveries = new List<Guid>();
            if (flagged.Count > 0)
            {
                var webhooks = await db.Webhooks.AsNoTracking().Where(w => w.BoardId == boardId && w.Enabled).Select(w => w.Id).ToListAsync(cancellationToken);
                if (webhooks.Count > 0)
                {
                    var payload = StaleDigest.Payload(board, flagged, now);
                    foreach (var webhookId in webhooks)
                    {
                        var delivery = new WebhookDelivery(webhookId, boardId, payload, now);
                        db.WebhookDeliveries.Add(delivery);
                        deliveries.Add(delivery.Id);
                    }
                }
            }

            return (flagged.Count, deliveries);
        }, cancellationToken);
    }

    /// <summary>
    /// The 85th percentile of completed stays per automatic column, from the board's events in the learning window;
    /// a column with fewer stays than the minimum gets none (and falls back to its own or the board's threshold).
    /// </summary>
    private async Task<Dictionary<Guid, TimeSpan>> LearnThresholdsAsync(
        List<Column> automatic, DateTimeOffset now, StaleScanOptions settings, CancellationToken cancellationToken)
    {
        var learned = new Dictionary<Guid, TimeSpan>();
        var since = now - settings.StaleLearningWindow;
        foreach (var board in automatic.GroupBy(c => c.BoardId))
        {
            var stays = new ColumnStays(board.Select(c => c.Id).ToHashSet());
            var events = StayEvents(db, board.Key, since).AsAsyncEnumerable();
            await foreach (var e in events.WithCancellation(cancellationToken))
                stays.Add(e.Type, e.CardId, e.Payload, e.OccurredAt);
            foreach (var column in board)
            {
                if (stays.Percentile(column.Id, StaleScanOptions.LearnedPercentile, settings.StaleMinSample) is { } percentile)
                    learned[column.Id] = Clamp(percentile);
            }
        }

        return learned;
    }

    /// <summary>The board's creations and moves since <paramref name="since"/>, in order: what <see cref="ColumnStays"/> replays.</summary>
    public static IQueryable<StayEvent> StayEvents(KanbanDbContext db, Guid boardId, DateTimeOffset since) =>
        db.BoardEvents.AsNoTracking()
            .Where(e => e.BoardId == boardId && e.OccurredAt >= since && (e.Type == "CardCreated" || e.Type == "CardMoved"))
            .OrderBy(e => e.Seq)
            .Select(e => new StayEvent(e.Type, e.CardId, e.Payload, e.OccurredAt));

    /// <summary>Within the bounds a column's own threshold has, so a burst of quick moves cannot flag everything at once.</summary>
    private static TimeSpan Clamp(TimeSpan learned) =>
        learned < LearnedMin ? LearnedMin : learned > Column.StaleAfterMax ? Column.StaleAfterMax : learned;

    private static TimeSpan? Learned(Dictionary<Guid, TimeSpan> learned, Guid columnId) =>
        learned.TryGetValue(columnId, out var threshold) ? threshold : null;

    private void Dispatch(List<Guid> deliveries)
    {
        foreach (var deliveryId in deliveries)
        {
            try
            {
                dispatcher.Dispatch(deliveryId);
            }
#pragma warning disable CA1031 // The delivery is stored as pending; the webhook sweep picks up what could not be handed over now.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Webhook delivery {DeliveryId} is stored but could not be dispatched now.", deliveryId);
            }
        }
    }
}

/// <summary>One stored event as the learned thresholds read it.</summary>
public sealed record StayEvent(string Type, Guid? CardId, string Payload, DateTimeOffset OccurredAt);

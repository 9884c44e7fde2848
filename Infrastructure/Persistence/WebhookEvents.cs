using System.Text;
using System.Text.Json;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// Board events as webhook deliveries: on save, in the same transaction as the events (so none is lost or queued
/// twice), one delivery per event and enabled webhook that asks for its type. The body is fixed here, so every attempt
/// sends and signs the same bytes; <c>data</c> is the event's stored payload, as <c>boardEvents</c> reads it.
/// </summary>
public static class WebhookEvents
{
    /// <summary>Adds the deliveries the events call for to the context; returns their ids, to dispatch after the commit.</summary>
    public static async Task<List<Guid>> QueueAsync(KanbanDbContext db, IReadOnlyList<BoardEvent> events, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (events.Count == 0)
            return [];
        var boards = events.Select(e => e.BoardId).Distinct().ToList();
        var webhooks = await db.Webhooks.AsNoTracking()
            .Where(w => boards.Contains(w.BoardId) && w.Enabled && w.EventTypes.Any())
            .ToListAsync(cancellationToken);
        var queued = new List<Guid>();
        foreach (var webhook in webhooks)
        {
            foreach (var boardEvent in events.Where(e => e.BoardId == webhook.BoardId && webhook.Wants(e.Type)))
            {
                var delivery = new WebhookDelivery(webhook.Id, boardEvent.BoardId, Body(boardEvent), now, boardEvent.Type, boardEvent.Seq);
                db.WebhookDeliveries.Add(delivery);
                queued.Add(delivery.Id);
            }
        }

        return queued;
    }

    /// <summary>
    /// <c>{"event":"CardMoved","boardId":"…","seq":42,"occurredAt":"…","actor":{"id":"…","name":"…"},"cardId":"…","data":{…}}</c>;
    /// ids are raw, as in the digests.
    /// </summary>
    public static string Body(BoardEvent boardEvent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", boardEvent.Type);
            json.WriteString("boardId", boardEvent.BoardId);
            json.WriteNumber("seq", boardEvent.Seq);
            json.WriteString("occurredAt", boardEvent.OccurredAt);
            json.WriteStartObject("actor");
            json.WriteString("id", boardEvent.ActorId);
            json.WriteString("name", boardEvent.ActorName);
            json.WriteEndObject();
            if (boardEvent.CardId is { } cardId)
                json.WriteString("cardId", cardId);
            else
                json.WriteNull("cardId");
            json.WritePropertyName("data");
            json.WriteRawValue(boardEvent.Payload);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

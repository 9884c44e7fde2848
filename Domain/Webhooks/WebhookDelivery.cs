using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Webhooks;

public enum DeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>
/// One digest, or one board event, for one webhook: written in the same transaction as the flags it reports or the
/// event it carries (so it is neither lost nor sent twice), then delivered, retried with backoff, and logged here. A
/// webhook's event deliveries go out in the board's event order (<see cref="EventSeq"/>).
/// </summary>
public sealed class WebhookDelivery
{
    public const int ErrorMaxLength = 500;

    private WebhookDelivery() { }

    public WebhookDelivery(Guid webhookId, Guid boardId, string payload, DateTimeOffset now, string? eventType = null, long? eventSeq = null)
    {
        EventType = eventType;
        EventSeq = eventSeq;
        Id = Guid.CreateVersion7();
        WebhookId = webhookId;
        BoardId = boardId;
        Payload = payload;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }

    public Guid WebhookId { get; private set; }

    public Guid BoardId { get; private set; }

    /// <summary>The JSON body, fixed when the digest is made, so every attempt sends (and signs) the same bytes.</summary>
    public string Payload { get; private set; } = "";

    public DeliveryStatus Status { get; private set; }

    /// <summary>The board event's type for an event delivery; null for a stale-card digest.</summary>
    public string? EventType { get; private set; }

    /// <summary>The board event's sequence number for an event delivery; null for a digest.</summary>
    public long? EventSeq { get; private set; }

    public int Attempts { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Sends a finished delivery again (an admin's redelivery): pending from now, with a fresh round of attempts.</summary>
    public void Redeliver(DateTimeOffset now)
    {
        if (Status == DeliveryStatus.Pending)
            throw DomainException.Invalid("deliveryId", "The delivery is still pending; it is sent (or retried) on its own.");
        Status = DeliveryStatus.Pending;
        Attempts = 0;
        LastStatusCode = null;
        LastError = null;
        DeliveredAt = null;
        NextAttemptAt = now;
    }

    public void Succeeded(int statusCode, DateTimeOffset now)
    {
        Attempts++;
        Status = DeliveryStatus.Delivered;
        LastStatusCode = statusCode;
        LastError = null;
        DeliveredAt = now;
        NextAttemptAt = null;
    }

    /// <summary>Records a failed attempt; after <paramref name="maxAttempts"/> the delivery gives up.</summary>
    public void AttemptFailed(int? statusCode, string error, DateTimeOffset now, TimeSpan retryIn, int maxAttempts)
    {
        Attempts++;
        LastStatusCode = statusCode;
        LastError = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
        if (Attempts >= maxAttempts)
        {
            Status = DeliveryStatus.Failed;
            NextAttemptAt = null;
        }
        else
        {
            NextAttemptAt = now + retryIn;
        }
    }
}

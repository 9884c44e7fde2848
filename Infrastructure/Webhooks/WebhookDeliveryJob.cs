using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Infrastructure.Webhooks;

/// <summary>What one run of <see cref="WebhookDeliveryJob.DeliverAsync"/> did (a failed attempt with retries left throws instead).</summary>
public enum DeliveryOutcome
{
    Delivered,
    Failed,
    NotFound,
    AlreadyFinished,
    WebhookDisabled,
    NotDue,
    ClaimedElsewhere,
    Superseded,

    /// <summary>An event delivery whose webhook still has an earlier event pending: it goes out after that one.</summary>
    WaitingForEarlier,
}

/// <summary>
/// The Hangfire job that sends one stored delivery. Safe to run twice and on several nodes: it claims the delivery
/// with a conditional update first, so only one worker POSTs an attempt. A failed attempt with attempts left is
/// recorded and then thrown as <see cref="WebhookAttemptFailedException"/>, which <see cref="WebhookRetryAttribute"/>
/// turns into a Hangfire retry at the delivery's <c>NextAttemptAt</c>. Event deliveries keep the board's order per
/// webhook: one waits while an earlier one is pending, and each delivered one hands over the next. A delivery that
/// fails for good disables its webhook, with the reason for its admins.
/// </summary>
public sealed class WebhookDeliveryJob(
    KanbanDbContext db, IHttpClientFactory httpClients, WebhookOptions options, TimeProvider time, IWebhookDispatcher dispatcher,
    ILogger<WebhookDeliveryJob> logger, KanbanMetrics metrics)
{
    public const string HttpClientName = "webhooks";

    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    [WebhookRetry]
    public async Task<DeliveryOutcome> DeliverAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        using var span = KanbanTelemetry.Source.StartActivity(KanbanTelemetry.Spans.WebhookDelivery);
        var outcome = "error"; // an exception other than a failed attempt
        try
        {
            var result = await DeliverOnceAsync(deliveryId, cancellationToken);
            outcome = OutcomeTag(result);
            return result;
        }
        catch (WebhookAttemptFailedException)
        {
            outcome = "retrying";
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            span?.SetTag(KanbanTelemetry.Tags.Outcome, outcome);
            if (outcome is "failed" or "retrying" or "error")
                span?.SetStatus(ActivityStatusCode.Error);
            metrics.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>(KanbanTelemetry.Tags.Outcome, outcome));
        }
    }

    /// <summary>The outcome as a metric tag: <c>delivered</c>, <c>failed</c> (for good), <c>not_due</c> ...</summary>
    public static string OutcomeTag(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Delivered => "delivered",
        DeliveryOutcome.Failed => "failed",
        DeliveryOutcome.NotFound => "not_found",
        DeliveryOutcome.AlreadyFinished => "already_finished",
        DeliveryOutcome.WebhookDisabled => "webhook_disabled",
        DeliveryOutcome.NotDue => "not_due",
        DeliveryOutcome.ClaimedElsewhere => "claimed_elsewhere",
        DeliveryOutcome.Superseded => "superseded",
        DeliveryOutcome.WaitingForEarlier => "waiting_for_earlier",
        _ => "other",
    };

    private async Task<DeliveryOutcome> DeliverOnceAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var found = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Id == deliveryId)
            .Join(db.Webhooks.AsNoTracking(), d => d.WebhookId, w => w.Id, (d, w) => new { Delivery = d, Webhook = w })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
            return DeliveryOutcome.NotFound;
        var (delivery, webhook) = (found.Delivery, found.Webhook);
        if (delivery.Status != DeliveryStatus.Pending)
            return DeliveryOutcome.AlreadyFinished;
        if (!webhook.Enabled)
            return DeliveryOutcome.WebhookDisabled;

        if (delivery.EventSeq is { } seq && await db.WebhookDeliveries.AnyAsync(
                d => d.WebhookId == webhook.Id && d.Status == DeliveryStatus.Pending && d.EventSeq != null && d.EventSeq < seq, cancellationToken))
        {
            return DeliveryOutcome.WaitingForEarlier;
        }

        var now = time.GetUtcNow();
        var dueBy = now + WebhookOptions.EarlyStart;
        if (delivery.NextAttemptAt > dueBy)
            return DeliveryOutcome.NotDue;
        var claimedUntil = now + options.ClaimDuration;
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= dueBy))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, claimedUntil), cancellationToken);
        if (claimed == 0)
            return DeliveryOutcome.ClaimedElsewhere;

        var attemptsBefore = delivery.Attempts;
        var (statusCode, error) = await SendAsync(webhook, delivery, cancellationToken);
        now = time.GetUtcNow();
        var retryIn = options.RetryDelay(attemptsBefore + 1);
        if (error is null)
            delivery.Succeeded(statusCode!.Value, now);
        else
            delivery.AttemptFailed(statusCode, error, now, retryIn, options.MaxAttempts);

        // Written only if no other worker recorded this attempt meanwhile (possible only after the claim ran out).
        var written = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && d.Attempts == attemptsBefore)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, delivery.Status)
                .SetProperty(d => d.Attempts, delivery.Attempts)
                .SetProperty(d => d.LastStatusCode, delivery.LastStatusCode)
                .SetProperty(d => d.LastError, delivery.LastError)
                .SetProperty(d => d.DeliveredAt, delivery.DeliveredAt)
                .SetProperty(d => d.NextAttemptAt, delivery.NextAttemptAt), cancellationToken);
        if (written == 0)
        {
            logger.LogWarning("Webhook delivery {DeliveryId}: attempt {Attempt} was recorded by another worker; this result is dropped.", deliveryId, attemptsBefore + 1);
            return DeliveryOutcome.Superseded;
        }

        switch (delivery.Status)
        {
            case DeliveryStatus.Delivered:
                logger.LogInformation("Webhook delivery {DeliveryId} delivered on attempt {Attempt} (HTTP {StatusCode}).", deliveryId, delivery.Attempts, statusCode);
                await HandOverNextAsync(delivery, cancellationToken);
                return DeliveryOutcome.Delivered;
            case DeliveryStatus.Failed:
                logger.LogWarning("Webhook delivery {DeliveryId} failed for good after {Attempts} attempts: {Error}", deliveryId, delivery.Attempts, error);
                await DisableAsync(webhook, delivery, cancellationToken);
                return DeliveryOutcome.Failed;
            default:
                throw new WebhookAttemptFailedException(deliveryId, delivery.Attempts, options.MaxAttempts, retryIn, error!);
        }
    }

    /// <summary>After an event delivery: the webhook's next pending one, in event order, is due now.</summary>
    private async Task HandOverNextAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.EventSeq is not { } seq)
            return;
        var next = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.WebhookId == delivery.WebhookId && d.Status == DeliveryStatus.Pending && d.EventSeq > seq)
            .OrderBy(d => d.EventSeq)
            .Select(d => (Guid?)d.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (next is { } id)
            dispatcher.Dispatch(id);
    }

    /// <summary>A delivery that failed for good stops its webhook (until an admin enables it again) and says why.</summary>
    private async Task DisableAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var what = delivery.EventType is { } type ? $"the {type} event #{delivery.EventSeq}" : "a stale-card digest";
        var reason = $"Disabled at {time.GetUtcNow():u}: delivery {delivery.Id} ({what}) failed {delivery.Attempts} times; last: {delivery.LastError}";
        if (reason.Length > Webhook.DisabledReasonMaxLength)
            reason = reason[..Webhook.DisabledReasonMaxLength];
        await db.Webhooks.Where(w => w.Id == webhook.Id && w.Enabled)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Enabled, false).SetProperty(w => w.DisabledReason, reason), cancellationToken);
        logger.LogWarning("Webhook {WebhookId} disabled: {Reason}", webhook.Id, reason);
    }

    /// <summary>POSTs the stored body; returns the status code and, unless it was 2xx, what went wrong.</summary>
    private async Task<(int? StatusCode, string? Error)> SendAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(StaleDigest.SignatureHeader, WebhookSignature.Sign(webhook.Secret, body));
        request.Headers.Add(StaleDigest.DeliveryHeader, delivery.Id.ToString());
        request.Headers.Add(StaleDigest.EventHeader, delivery.EventType ?? StaleDigest.EventName);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? (code, null)
                : (code, $"HTTP {code} {response.ReasonPhrase}".TrimEnd() + (code is >= 300 and < 400 ? " (redirects are not followed)" : ""));
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is TimeoutException)
        {
            return (null, $"No answer within {options.Timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException ex)
        {
            return (null, Innermost(ex).Message);
        }
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
            exception = exception.InnerException;
        return exception;
    }
}

/// <summary>The signature a receiver checks: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body, keyed with the webhook's secret.</summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

/// <summary>A failed attempt with attempts left: Hangfire runs the job again after <see cref="RetryIn"/>.</summary>
public sealed class WebhookAttemptFailedException : Exception
{
    public WebhookAttemptFailedException() { }

    public WebhookAttemptFailedException(string message) : base(message) { }

    public WebhookAttemptFailedException(string message, Exception innerException) : base(message, innerException) { }

    public WebhookAttemptFailedException(Guid deliveryId, int attempt, int maxAttempts, TimeSpan retryIn, string error)
        : base($"Webhook delivery {deliveryId}: attempt {attempt} of {maxAttempts} failed ({error}); next attempt in {retryIn}.")
    {
        DeliveryId = deliveryId;
        Attempt = attempt;
        RetryIn = retryIn;
    }

    public Guid DeliveryId { get; }

    public int Attempt { get; }

    public TimeSpan RetryIn { get; }
}

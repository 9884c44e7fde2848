using Hangfire;

namespace KanbanCustomer.Infrastructure.Webhooks;

/// <summary>Queues a delivery as a Hangfire job; queuing one id twice is harmless (the job claims before it sends).</summary>
public sealed class HangfireWebhookDispatcher(IBackgroundJobClient jobs) : IWebhookDispatcher
{
    public void Dispatch(Guid deliveryId) =>
        jobs.Enqueue<WebhookDeliveryJob>(job => job.DeliverAsync(deliveryId, CancellationToken.None));
}

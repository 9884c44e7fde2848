using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Api;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>Webhooks made through the API, deliveries made as the stale scan makes them (a digest row), and the delivery log as an admin reads it.</summary>
public abstract class WebhookTestBase(KanbanApp app) : ApiTestBase(app)
{
    public const string Secret = "s3cret-for-tests-0123456789";

    public const string DeliveryFields = "id webhookId status attempts lastStatusCode lastError createdAt deliveredAt nextAttemptAt payload";

    protected async Task<string> AddWebhookAsync(string boardId, Uri url, string secret = Secret, bool enabled = true) =>
        (await Alice.DataAsync(
            "mutation($input: AddWebhookInput!) { addWebhook(input: $input) { webhook { id } } }",
            new { input = new { boardId, url = url.ToString(), secret, enabled } })).Str("addWebhook.webhook.id");

    /// <summary>A digest of the board's cards for the webhook, stored as the scan stores it (pending, due now); not dispatched.</summary>
    protected Task<Guid> CreateDeliveryAsync(string boardId, string webhookId) => CreateDeliveryAsync(App, boardId, webhookId);

    protected static async Task<Guid> CreateDeliveryAsync(KanbanApp app, string boardId, string webhookId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var board = await db.Boards.Include(b => b.Columns).AsNoTracking().SingleAsync(b => b.Id == Ids.Parse(boardId, "Board"));
        var cards = await db.Cards.AsNoTracking().Where(c => c.BoardId == board.Id).ToListAsync();
        var now = app.Clock.GetUtcNow();
        var delivery = new WebhookDelivery(Ids.Parse(webhookId, "Webhook"), board.Id, StaleDigest.Payload(board, cards, now), now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }

    /// <summary>Runs the delivery job once, as a Hangfire worker would.</summary>
    protected async Task<DeliveryOutcome> DeliverAsync(Guid deliveryId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookDeliveryJob>().DeliverAsync(deliveryId);
    }

    /// <summary>Runs the job once for a delivery whose attempt fails with attempts left; returns the wait it asked for.</summary>
    protected async Task<TimeSpan> FailedAttemptAsync(Guid deliveryId) =>
        (await Assert.ThrowsAsync<WebhookAttemptFailedException>(() => DeliverAsync(deliveryId))).RetryIn;

    protected async Task<IReadOnlyList<JsonElement>> LogAsync(string boardId, int? first = null, KanbanApp? via = null) =>
        (await (via ?? App).ClientFor("alice", "Alice").DataAsync($"query($id: ID!, $first: Int) {{ board(id: $id) {{ webhookDeliveries(first: $first) {{ nodes {{ {DeliveryFields} }} }} }} }}", new { id = boardId, first }))
            .Nodes("board.webhookDeliveries");

    protected async Task<JsonElement> LoggedAsync(string boardId, Guid deliveryId, KanbanApp? via = null) =>
        (await LogAsync(boardId, via: via)).Single(d => d.Str("id") == Ids.Global("WebhookDelivery", deliveryId));

    /// <summary>
    /// Reads the log until the delivery has the status (a worker records it just after the receiver answered).
    /// Read through the server whose worker writes it (<paramref name="via"/>): another server on the same database
    /// may answer from its response cache, which sees only its own writes.
    /// </summary>
    protected async Task<JsonElement> WaitForStatusAsync(string boardId, Guid deliveryId, string status, int seconds = 15, KanbanApp? via = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var logged = await LoggedAsync(boardId, deliveryId, via);
        while (logged.Str("status") != status && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            logged = await LoggedAsync(boardId, deliveryId, via);
        }

        Assert.Equal(status, logged.Str("status"));
        return logged;
    }

    protected async Task<string> StoredPayloadAsync(Guid deliveryId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().WebhookDeliveries.Where(d => d.Id == deliveryId).Select(d => d.Payload).SingleAsync();
    }
}

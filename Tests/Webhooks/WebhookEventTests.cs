using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>
/// Board events as webhook deliveries: one signed request per matching event, queued with the event, sent in the
/// board's order per webhook, a webhook disabled (with the reason) once a delivery fails for good, and redelivery.
/// The test runs each queued delivery itself, as a Hangfire worker would.
/// </summary>
public abstract class WebhookEventTests(WebhookApp app) : WebhookDeliveryTestBase(app)
{
    private const string WebhookFields = "id enabled eventTypes disabledReason";

    [Fact]
    public async Task Each_event_asked_for_is_its_own_signed_request_and_they_arrive_in_board_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        var board = await Alice.CreateTeamBoardAsync();
        var webhook = await AddEventWebhookAsync(board.BoardId, receiver.Url, ["CardMoved", "CardCreated", "CardCreated"]);

        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Refunds take weeks")).Str("id");
        Assert.Null((await Bob.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "Waiting" })).Errors);
        Assert.Null((await Alice.MoveCardAsync(cardId, board.ColumnIds[1])).Errors);
        var queued = await QueuedAsync(webhook);

        Assert.Equal(2, queued.Count);
        Assert.All(queued, id => Assert.Contains(id, App.Jobs.DeliveryIds)); // dispatched after the commit
        Assert.Equal(DeliveryOutcome.WaitingForEarlier, await DeliverAsync(queued[1]));
        var handedOver = App.Jobs.DeliveryIds.Count(id => id == queued[1]);
        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(queued[0]));
        Assert.True(App.Jobs.DeliveryIds.Count(id => id == queued[1]) > handedOver); // the first hands over the next
        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(queued[1]));

        var requests = await receiver.WaitForAsync(2, Wait);
        Assert.Equal(["CardCreated", "CardMoved"], requests.Select(r => r.Headers[KanbanCustomer.Infrastructure.Webhooks.StaleDigest.EventHeader]));
        Assert.Equal(queued.Select(id => id.ToString()), requests.Select(r => r.Headers[StaleDigest.DeliveryHeader]));
        foreach (var request in requests)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
            Assert.Equal(expected, request.Headers[StaleDigest.SignatureHeader]);
        }

        using var created = JsonDocument.Parse(requests[0].Body);
        using var moved = JsonDocument.Parse(requests[1].Body);
        Assert.Equal(Ids.Parse(board.BoardId, "Board"), created.RootElement.GetProperty("boardId").GetGuid());
        Assert.Equal(Ids.Parse(cardId, "Card"), moved.RootElement.GetProperty("cardId").GetGuid());
        Assert.Equal("alice", moved.RootElement.Str("actor.id"));
        Assert.Equal(Ids.Parse(board.ColumnIds[1], "Column"), moved.RootElement.GetProperty("data").GetProperty("toColumnId").GetGuid());
        Assert.True(moved.RootElement.GetProperty("seq").GetInt64() > created.RootElement.GetProperty("seq").GetInt64() + 1);
        var log = (await Alice.DataAsync("query($id: ID!) { board(id: $id) { webhookDeliveries { nodes { eventType eventSeq } } } }", new { id = board.BoardId }))
            .At("board.webhookDeliveries.nodes").EnumerateArray().ToList();
        Assert.Equal(["CardMoved", "CardCreated"], log.Select(d => d.Str("eventType")));
        Assert.Equal(moved.RootElement.GetProperty("seq").GetInt64(), log[0].GetProperty("eventSeq").GetInt64());
    }

    [Fact]
    public async Task A_delivery_that_fails_for_good_holds_back_the_next_and_disables_the_webhook_until_it_is_enabled()
    {
        await using var receiver = await WebhookReceiver.StartAsync([.. Enumerable.Repeat(503, WebhookApp.MaxAttempts), 200]);
        var board = await Alice.CreateTeamBoardAsync();
        var webhook = await AddEventWebhookAsync(board.BoardId, receiver.Url, ["*"]);
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Invoices are wrong")).Str("id");
        Assert.Null((await Alice.MoveCardAsync(cardId, board.ColumnIds[1])).Errors);
        var (first, second) = await QueuedAsync(webhook) is [var a, var b] ? (a, b) : throw new InvalidOperationException("Expected two deliveries.");

        for (var attempt = 1; attempt < WebhookApp.MaxAttempts; attempt++)
        {
            App.Clock.Advance(await FailedAttemptAsync(first));
            Assert.Equal(DeliveryOutcome.WaitingForEarlier, await DeliverAsync(second));
        }

        Assert.Equal(DeliveryOutcome.Failed, await DeliverAsync(first));
        var disabled = await WebhookAsync(board.BoardId);
        Assert.Null((await Alice.MoveCardAsync(cardId, board.ColumnIds[2])).Errors);
        var queuedWhileDisabled = (await QueuedAsync(webhook)).Count - 2;
        Assert.Equal(DeliveryOutcome.WebhookDisabled, await DeliverAsync(second));
        var enabled = (await Alice.MutateAsync("updateWebhook", "UpdateWebhookInput", new { webhookId = webhook, enabled = true }, $"webhook {{ {WebhookFields} }}"))
            .Data.At("updateWebhook.webhook");
        var delivered = await DeliverAsync(second);

        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Contains("failed 4 times", disabled.Str("disabledReason"), StringComparison.Ordinal);
        Assert.Contains("HTTP 503", disabled.Str("disabledReason"), StringComparison.Ordinal);
        Assert.Equal(0, queuedWhileDisabled);
        Assert.Equal((true, JsonValueKind.Null), (enabled.GetProperty("enabled").GetBoolean(), enabled.GetProperty("disabledReason").ValueKind));
        Assert.Equal(DeliveryOutcome.Delivered, delivered);
        Assert.Equal(WebhookApp.MaxAttempts + 1, (await receiver.WaitForAsync(WebhookApp.MaxAttempts + 1, Wait)).Count);
    }

    [Fact]
    public async Task An_admin_redelivers_a_finished_delivery_with_the_same_id_but_not_a_pending_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200);
        var board = await Alice.CreateTeamBoardAsync();
        var webhook = await AddEventWebhookAsync(board.BoardId, receiver.Url, ["CardCreated"]);
        await Alice.CreateCardAsync(board.BoardId, "Search finds nothing");
        var delivery = Assert.Single(await QueuedAsync(webhook));
        var global = Ids.Global("WebhookDelivery", delivery);
        const string Redeliver = "mutation($id: ID!) { redeliverWebhookDelivery(input: { deliveryId: $id }) { id status attempts } }";

        var whilePending = await Alice.SendAsync(Redeliver, new { id = global });
        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(delivery));
        var byMember = await Bob.SendAsync(Redeliver, new { id = global });
        var dispatched = App.Jobs.DeliveryIds.Count(id => id == delivery);
        var again = await Alice.DataAsync(Redeliver, new { id = global });
        Assert.True(App.Jobs.DeliveryIds.Count(id => id == delivery) > dispatched);
        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(delivery));

        Assert.Equal("VALIDATION", whilePending.ErrorCode);
        Assert.Equal("FORBIDDEN", byMember.ErrorCode);
        Assert.Equal(("PENDING", 0), (again.Str("redeliverWebhookDelivery.status"), again.Number("redeliverWebhookDelivery.attempts")));
        var requests = await receiver.WaitForAsync(2, Wait);
        Assert.Single(requests.Select(r => r.Headers[StaleDigest.DeliveryHeader]).Distinct());
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Theory]
    [InlineData("addWebhook")]
    [InlineData("updateWebhook")]
    public async Task An_unknown_event_type_is_refused_and_nothing_changes(string mutation)
    {
        var board = await Alice.CreateTeamBoardAsync();
        var webhook = await AddEventWebhookAsync(board.BoardId, new Uri("http://127.0.0.1:9/hooks"), ["CardMoved"]);
        object input = mutation == "addWebhook"
            ? new { boardId = board.BoardId, url = "http://127.0.0.1:9/other", secret = Secret, eventTypes = new[] { "CardMoved", "CardTeleported" } }
            : new { webhookId = webhook, eventTypes = new[] { "CardTeleported" } };

        var response = await Alice.MutateAsync(mutation, mutation == "addWebhook" ? "AddWebhookInput" : "UpdateWebhookInput", input, "webhook { id }");

        Assert.Equal("UNKNOWN_EVENT_TYPE", response.ErrorCode);
        Assert.Equal("eventTypes", response.FirstErrorExtensions.GetProperty("field").GetString());
        Assert.Contains("CardTeleported", response.Text, StringComparison.Ordinal);
        var webhooks = (await Alice.DataAsync($"query($id: ID!) {{ board(id: $id) {{ webhooks {{ nodes {{ {WebhookFields} }} }} }} }}", new { id = board.BoardId }))
            .At("board.webhooks.nodes").EnumerateArray().ToList();
        Assert.Equal(["CardMoved"], Assert.Single(webhooks).GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
    }

    private async Task<string> AddEventWebhookAsync(string boardId, Uri url, string[] eventTypes) =>
        (await Alice.DataAsync(
            "mutation($input: AddWebhookInput!) { addWebhook(input: $input) { webhook { id } } }",
            new { input = new { boardId, url = url.ToString(), secret = Secret, eventTypes } })).Str("addWebhook.webhook.id");

    /// <summary>The webhook's event deliveries, in event order, from the database (the sweep may dispatch others meanwhile).</summary>
    private async Task<List<Guid>> QueuedAsync(string webhookId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var id = Ids.Parse(webhookId, "Webhook");
        return await scope.ServiceProvider.GetRequiredService<KanbanCustomer.Infrastructure.Persistence.KanbanDbContext>().WebhookDeliveries
            .Where(d => d.WebhookId == id && d.EventSeq != null).OrderBy(d => d.EventSeq).Select(d => d.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    private async Task<JsonElement> WebhookAsync(string boardId) =>
        (await Alice.DataAsync($"query($id: ID!) {{ board(id: $id) {{ webhooks {{ nodes {{ {WebhookFields} }} }} }} }}", new { id = boardId })).At("board.webhooks.nodes.0");
}

public sealed class SqliteWebhookEventTests(SqliteWebhookApp app) : WebhookEventTests(app), IClassFixture<SqliteWebhookApp>;

public sealed class PostgresWebhookEventTests(PostgresWebhookApp app) : WebhookEventTests(app), IClassFixture<PostgresWebhookApp>;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>
/// The delivery job against a real receiver on 127.0.0.1: signed bodies, retries, timeouts, redirects, disabled
/// webhooks.
/// </summary>
public abstract class WebhookDeliveryTests(WebhookApp app) : WebhookDeliveryTestBase(app)
{
    [Fact]
    public void The_webhooks_module_registers_the_one_dispatcher_and_no_other_module_a_fallback()
    {
        Assert.IsType<HangfireWebhookDispatcher>(Assert.Single(App.Services.GetServices<IWebhookDispatcher>()));
    }

    [Fact]
    public async Task A_delivery_arrives_with_the_stored_body_and_a_signature_that_verifies_with_the_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync(204);
        var board = await Alice.CreateBoardAsync();
        await Alice.CreateCardAsync(board.BoardId, "Nobody answered the ticket");
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhook);

        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(delivery));

        var request = Assert.Single(await receiver.WaitForAsync(1, Wait));
        var stored = await StoredPayloadAsync(delivery);
        Assert.Equal(("POST", "/hooks/kanban"), (request.Method, request.Path));
        Assert.Equal(Encoding.UTF8.GetBytes(stored), request.Body);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Headers[StaleDigest.SignatureHeader]);
        Assert.Equal(delivery.ToString(), request.Headers[StaleDigest.DeliveryHeader]);
        Assert.Equal(StaleDigest.EventName, request.Headers[StaleDigest.EventHeader]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(Ids.Parse(board.BoardId, "Board"), Guid.Parse(body.RootElement.Str("boardId")!));
        Assert.Equal("Nobody answered the ticket", body.RootElement.Str("cards.0.title"));

        var logged = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(("DELIVERED", 1, 204), (logged.Str("status"), logged.Number("attempts"), logged.Number("lastStatusCode")));
        Assert.Equal(JsonValueKind.Null, logged.At("nextAttemptAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, logged.At("lastError").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, logged.At("deliveredAt").ValueKind);
        Assert.Equal(stored, logged.Str("payload"));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_the_delivery_on_the_third_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500, 200);
        var board = await Alice.CreateBoardAsync();
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhook);

        var firstWait = await FailedAttemptAsync(delivery);
        var afterFirst = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(TimeSpan.FromSeconds(10), firstWait);
        Assert.Equal(("PENDING", 1, 500), (afterFirst.Str("status"), afterFirst.Number("attempts"), afterFirst.Number("lastStatusCode")));
        Assert.Equal(App.Clock.GetUtcNow() + firstWait, afterFirst.At("nextAttemptAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Contains("500", afterFirst.Str("lastError"), StringComparison.Ordinal);

        Assert.Equal(DeliveryOutcome.NotDue, await DeliverAsync(delivery));
        App.Clock.Advance(firstWait);
        var secondWait = await FailedAttemptAsync(delivery);
        Assert.Equal(TimeSpan.FromMinutes(1), secondWait);
        App.Clock.Advance(secondWait);
        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(delivery));

        var requests = await receiver.WaitForAsync(3, Wait);
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => Convert.ToBase64String(r.Body)).Distinct());
        Assert.Single(requests.Select(r => r.Headers[StaleDigest.DeliveryHeader]).Distinct());
        var logged = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(("DELIVERED", 3, 200), (logged.Str("status"), logged.Number("attempts"), logged.Number("lastStatusCode")));
        Assert.Equal(JsonValueKind.Null, logged.At("lastError").ValueKind);
    }

    [Fact]
    public async Task A_receiver_that_always_fails_leaves_the_delivery_failed_after_the_last_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503);
        var board = await Alice.CreateBoardAsync();
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhook);

        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt < WebhookApp.MaxAttempts; attempt++)
        {
            waits.Add(await FailedAttemptAsync(delivery));
            App.Clock.Advance(waits[^1]);
        }

        Assert.Equal(DeliveryOutcome.Failed, await DeliverAsync(delivery));
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)], waits);
        Assert.Equal(WebhookApp.MaxAttempts, (await receiver.WaitForAsync(WebhookApp.MaxAttempts, Wait)).Count);
        var logged = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(("FAILED", WebhookApp.MaxAttempts, 503), (logged.Str("status"), logged.Number("attempts"), logged.Number("lastStatusCode")));
        Assert.Equal(JsonValueKind.Null, logged.At("nextAttemptAt").ValueKind);

        App.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(DeliveryOutcome.AlreadyFinished, await DeliverAsync(delivery));
        Assert.Equal(WebhookApp.MaxAttempts, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_counts_as_a_failed_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TimeSpan.FromSeconds(10), 200);
        var board = await Alice.CreateBoardAsync();
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhook);

        await FailedAttemptAsync(delivery);

        var logged = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(("PENDING", 1), (logged.Str("status"), logged.Number("attempts")));
        Assert.Equal(JsonValueKind.Null, logged.At("lastStatusCode").ValueKind);
        Assert.Contains("within 2 s", logged.Str("lastError"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_is_not_listening_counts_as_a_failed_attempt()
    {
        var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.Url;
        await receiver.DisposeAsync();
        var board = await Alice.CreateBoardAsync();
        var delivery = await CreateDeliveryAsync(board.BoardId, await AddWebhookAsync(board.BoardId, url));

        await FailedAttemptAsync(delivery);

        var logged = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(JsonValueKind.Null, logged.At("lastStatusCode").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(logged.Str("lastError")));
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(307);
        var board = await Alice.CreateBoardAsync();
        var delivery = await CreateDeliveryAsync(board.BoardId, await AddWebhookAsync(board.BoardId, receiver.Url));

        await FailedAttemptAsync(delivery);

        Assert.Single(receiver.Requests);
        var logged = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(307, logged.Number("lastStatusCode"));
        Assert.Contains("redirects are not followed", logged.Str("lastError"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_webhook_is_not_called_and_its_deliveries_wait()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var board = await Alice.CreateBoardAsync();
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url, enabled: false);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhook);

        Assert.Equal(DeliveryOutcome.WebhookDisabled, await DeliverAsync(delivery));
        await App.Services.GetRequiredService<WebhookSweep>().SweepAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain(delivery, App.Jobs.DeliveryIds);
        Assert.Empty(receiver.Requests);
        var logged = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(("PENDING", 0), (logged.Str("status"), logged.Number("attempts")));

        await Alice.DataAsync("mutation($id: ID!) { updateWebhook(input: { webhookId: $id, enabled: true }) { webhook { enabled } } }", new { id = webhook });
        await App.Services.GetRequiredService<WebhookSweep>().SweepAsync(TestContext.Current.CancellationToken);
        Assert.Contains(delivery, App.Jobs.DeliveryIds);
        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(delivery));
        Assert.Single(await receiver.WaitForAsync(1, Wait));
    }
}

public sealed class SqliteWebhookDeliveryTests(SqliteWebhookApp app) : WebhookDeliveryTests(app), IClassFixture<SqliteWebhookApp>;

public sealed class PostgresWebhookDeliveryTests(PostgresWebhookApp app) : WebhookDeliveryTests(app), IClassFixture<PostgresWebhookApp>;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>The delivery job against a real receiver on 127.0.0.1, run by the test as a Hangfire worker would run it, with a fake clock.</summary>
public abstract class WebhookDeliveryTests(WebhookApp app) : WebhookTestBase(app)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private new WebhookApp App => (WebhookApp)base.App;

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

    [Fact]
    public async Task A_delivery_dispatched_twice_is_sent_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var board = await Alice.CreateBoardAsync();
        var delivery = await CreateDeliveryAsync(board.BoardId, await AddWebhookAsync(board.BoardId, receiver.Url));
        var dispatcher = App.Services.GetRequiredService<IWebhookDispatcher>();

        dispatcher.Dispatch(delivery);
        dispatcher.Dispatch(delivery);
        var queued = App.Jobs.DeliveryIds.Where(id => id == delivery).ToList();
        var outcomes = new List<DeliveryOutcome>();
        foreach (var id in queued)
            outcomes.Add(await DeliverAsync(id));

        Assert.True(queued.Count >= 2);
        Assert.Equal(DeliveryOutcome.Delivered, outcomes[0]);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(DeliveryOutcome.AlreadyFinished, o));
        Assert.Single(await receiver.WaitForAsync(1, Wait));
        Assert.Equal(1, (await LoggedAsync(board.BoardId, delivery)).Number("attempts"));
    }

    [Fact]
    public async Task Two_workers_running_one_delivery_at_once_post_it_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(TimeSpan.FromMilliseconds(300), 200);
        var board = await Alice.CreateBoardAsync();
        var delivery = await CreateDeliveryAsync(board.BoardId, await AddWebhookAsync(board.BoardId, receiver.Url));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => DeliverAsync(delivery))));

        Assert.Single(outcomes, o => o == DeliveryOutcome.Delivered);
        Assert.All(outcomes.Where(o => o != DeliveryOutcome.Delivered),
            o => Assert.Contains(o, new[] { DeliveryOutcome.NotDue, DeliveryOutcome.ClaimedElsewhere, DeliveryOutcome.AlreadyFinished }));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Single(receiver.Requests);
        Assert.Equal(1, (await LoggedAsync(board.BoardId, delivery)).Number("attempts"));
    }

    [Fact]
    public async Task The_sweep_hands_over_pending_deliveries_that_are_due_and_nothing_else()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 200);
        var board = await Alice.CreateBoardAsync();
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url);
        var due = await CreateDeliveryAsync(board.BoardId, webhook);
        var retrying = await CreateDeliveryAsync(board.BoardId, webhook);
        var delivered = await CreateDeliveryAsync(board.BoardId, webhook);
        var retryIn = await FailedAttemptAsync(retrying);
        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(delivered));
        var sweep = App.Services.GetRequiredService<WebhookSweep>();

        var before = App.Jobs.DeliveryIds.Count;
        await sweep.SweepAsync(TestContext.Current.CancellationToken);
        var first = App.Jobs.DeliveryIds.Skip(before).ToList();
        App.Clock.Advance(retryIn);
        before = App.Jobs.DeliveryIds.Count;
        await sweep.SweepAsync(TestContext.Current.CancellationToken);
        var second = App.Jobs.DeliveryIds.Skip(before).ToList();

        Assert.Contains(due, first);
        Assert.DoesNotContain(retrying, first);
        Assert.DoesNotContain(delivered, first);
        Assert.Contains(retrying, second);
        Assert.DoesNotContain(delivered, second);
    }

    [Fact]
    public async Task A_claimed_delivery_whose_worker_died_is_handed_over_again_once_the_claim_runs_out()
    {
        var board = await Alice.CreateBoardAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var delivery = await CreateDeliveryAsync(board.BoardId, await AddWebhookAsync(board.BoardId, receiver.Url));
        var options = App.Services.GetRequiredService<WebhookOptions>();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            // What a worker's claim leaves behind when the worker dies before it records the attempt.
            var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Persistence.KanbanDbContext>();
            var claimedUntil = App.Clock.GetUtcNow() + options.ClaimDuration;
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                db.WebhookDeliveries.Where(d => d.Id == delivery), s => s.SetProperty(d => d.NextAttemptAt, claimedUntil), TestContext.Current.CancellationToken);
        }

        Assert.Equal(DeliveryOutcome.NotDue, await DeliverAsync(delivery));
        App.Clock.Advance(options.ClaimDuration);
        var before = App.Jobs.DeliveryIds.Count;
        await App.Services.GetRequiredService<WebhookSweep>().SweepAsync(TestContext.Current.CancellationToken);

        Assert.Contains(delivery, App.Jobs.DeliveryIds.Skip(before));
        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(delivery));
    }

    [Fact]
    public async Task Deliveries_left_pending_are_sent_by_a_restarted_server()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var board = await Alice.CreateBoardAsync();
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhook);
        Assert.DoesNotContain(delivery, App.Jobs.DeliveryIds);

        await using (var restarted = new RestartedApp(App.Provider, App.ConnectionString))
        {
            if (App.Clock.GetUtcNow() > restarted.Clock.GetUtcNow())
                restarted.Clock.SetUtcNow(App.Clock.GetUtcNow());
            await restarted.InitializeAsync();
            _ = restarted.Services; // starts the server: its sweep hands the delivery to its (empty, in-memory) Hangfire

            var request = Assert.Single(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30)));
            Assert.Equal(delivery.ToString(), request.Headers[StaleDigest.DeliveryHeader]);
            var logged = await WaitForStatusAsync(board.BoardId, delivery, "DELIVERED", via: restarted);
            Assert.Equal(1, logged.Number("attempts"));
        }
    }

    [Fact]
    public async Task Removing_a_webhook_removes_its_log_and_its_pending_deliveries_are_not_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var board = await Alice.CreateBoardAsync();
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhook);

        await Alice.DataAsync("mutation($id: ID!) { removeWebhook(input: { webhookId: $id }) { removedWebhookId } }", new { id = webhook });

        Assert.Equal(DeliveryOutcome.NotFound, await DeliverAsync(delivery));
        Assert.Empty(await LogAsync(board.BoardId));
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task The_log_lists_the_newest_delivery_first_and_first_keeps_the_newest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var board = await Alice.CreateBoardAsync();
        var webhook = await AddWebhookAsync(board.BoardId, receiver.Url);
        var older = await CreateDeliveryAsync(board.BoardId, webhook);
        App.Clock.Advance(TimeSpan.FromMinutes(15));
        var newer = await CreateDeliveryAsync(board.BoardId, webhook);

        var all = await LogAsync(board.BoardId);
        var newest = await LogAsync(board.BoardId, first: 1);

        Assert.Equal([Ids.Global("WebhookDelivery", newer), Ids.Global("WebhookDelivery", older)], all.Select(d => d.Str("id")));
        Assert.Equal([Ids.Global("WebhookDelivery", newer)], newest.Select(d => d.Str("id")));
        Assert.All(all, d => Assert.Equal(webhook, d.Str("webhookId")));
    }
}

public sealed class SqliteWebhookDeliveryTests(SqliteWebhookApp app) : WebhookDeliveryTests(app), IClassFixture<SqliteWebhookApp>;

public sealed class PostgresWebhookDeliveryTests(PostgresWebhookApp app) : WebhookDeliveryTests(app), IClassFixture<PostgresWebhookApp>;

using KanbanCustomer.Api.Common;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>
/// Deliveries sent once: dispatched twice or run by two workers, handed over by the sweep or a restart, removed with
/// their webhook, and the log.
/// </summary>
public abstract class WebhookDeliveryHandoverTests(WebhookApp app) : WebhookDeliveryTestBase(app)
{
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
        // Left pending: this server's jobs only record what they would queue (its own sweep may record this one too,
        // when another test's clock advance wakes it), so nothing has been sent.
        Assert.Equal("PENDING", (await LoggedAsync(board.BoardId, delivery)).Str("status"));
        Assert.Empty(receiver.Requests);

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

[Collection(HangfireHosts.Name)]
public sealed class SqliteWebhookDeliveryHandoverTests(SqliteWebhookApp app) : WebhookDeliveryHandoverTests(app), IClassFixture<SqliteWebhookApp>;

[Collection(HangfireHosts.Name)]
public sealed class PostgresWebhookDeliveryHandoverTests(PostgresWebhookApp app) : WebhookDeliveryHandoverTests(app), IClassFixture<PostgresWebhookApp>;

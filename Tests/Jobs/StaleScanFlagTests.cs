using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Jobs;

/// <summary>
/// The stale scan: cards it skips, clearing and flagging again, and scans that run at once or flag nothing.
/// </summary>
public abstract class StaleScanFlagTests(KanbanApp app) : StaleScanTestBase(app)
{
    [Fact]
    public async Task Archived_cards_are_skipped()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var card = await CardIdAsync(board.BoardId);
        Assert.Null((await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = Ids.Global("Card", card) })).Errors);

        App.Clock.Advance(TimeSpan.FromHours(3));
        await ScanAsync();

        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));
    }

    [Fact]
    public async Task A_snoozed_card_is_skipped_until_its_snooze_ends()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var card = await CardIdAsync(board.BoardId);
        await SnoozeAsync(Ids.Parse(board.BoardId, "Board"), card, App.Clock.GetUtcNow() + TimeSpan.FromHours(3));

        App.Clock.Advance(TimeSpan.FromHours(2));
        await ScanAsync();
        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));

        App.Clock.Advance(TimeSpan.FromHours(1));
        await ScanAsync();
        Assert.Equal(1, await EventCountAsync(card, "CardFlaggedStale"));
    }

    [Fact]
    public async Task Real_activity_clears_the_flag_and_a_later_scan_flags_again()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var card = await CardIdAsync(board.BoardId);
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        await ScanAsync();
        Assert.NotNull(await StaleSinceAsync(card));

        Assert.Null((await Alice.MoveCardAsync(Ids.Global("Card", card), board.ColumnIds[1])).Errors);
        Assert.Null(await StaleSinceAsync(card));
        var unflagged = await LastEventAsync(card, "CardUnflagged");
        Assert.Equal("activity", unflagged.Payload.GetProperty("reason").GetString());

        App.Clock.Advance(TimeSpan.FromMinutes(30));
        await ScanAsync();
        Assert.Equal(1, await EventCountAsync(card, "CardFlaggedStale"));
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        await ScanAsync();
        Assert.Equal(2, await EventCountAsync(card, "CardFlaggedStale"));
        Assert.Equal(["CardCreated", "CardFlaggedStale", "CardUnflagged", "CardMoved", "CardFlaggedStale"], await EventTypesAsync(card));
    }

    [Fact]
    public async Task Two_scans_at_once_flag_each_card_once_and_store_one_digest_per_board_and_webhook()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var boardId = Ids.Parse(board.BoardId, "Board");
        var cards = new List<Guid>();
        for (var i = 0; i < 12; i++)
            cards.Add(await CardIdAsync(board.BoardId, board.ColumnIds[i % 2], $"Problem {i}"));
        var hooks = await AddWebhooksAsync(boardId, enabled: [true, true, false]);

        App.Clock.Advance(TimeSpan.FromHours(2));
        var results = await Task.WhenAll(ScanAsync(), ScanAsync(), ScanAsync());

        foreach (var card in cards)
            Assert.Equal(1, await EventCountAsync(card, "CardFlaggedStale"));
        Assert.All(results, r => Assert.Equal(0, r.FailedBoards));
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.BoardId == boardId).ToListAsync(Ct);
        Assert.Equal(new[] { hooks[0], hooks[1] }.Order(), deliveries.Select(d => d.WebhookId).Order());
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Pending, d.Status));
        var digest = JsonDocument.Parse(deliveries[0].Payload).RootElement;
        Assert.Equal(StaleDigest.EventName, digest.GetProperty("event").GetString());
        Assert.Equal(cards.Order(), digest.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).Order());
        Assert.Equal(deliveries[0].Payload, deliveries[1].Payload);
    }

    [Fact]
    public async Task A_scan_that_flags_nothing_on_a_board_stores_no_digest()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var boardId = Ids.Parse(board.BoardId, "Board");
        await CardIdAsync(board.BoardId);
        await AddWebhooksAsync(boardId, enabled: [true]);

        App.Clock.Advance(TimeSpan.FromMinutes(30));
        await ScanAsync();

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        Assert.False(await db.WebhookDeliveries.AnyAsync(d => d.BoardId == boardId, Ct));
    }

    private async Task<List<string>> EventTypesAsync(Guid cardId) => (await EventsAsync(cardId)).Select(e => e.Type).ToList();

    /// <summary>Snoozes through the domain in a write of the usual shape (the GraphQL mutation is another feature's).</summary>
    private async Task SnoozeAsync(Guid boardId, Guid cardId, DateTimeOffset until)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        await db.LockBoardAsync(boardId, Ct);
        var card = await db.Cards.SingleAsync(c => c.Id == cardId, Ct);
        card.Snooze(until, App.Clock.GetUtcNow());
        await db.SaveChangesAsync(Ct);
        await transaction.CommitAsync(Ct);
    }

    /// <summary>Webhook rows written directly (their GraphQL API is another feature's); returns their ids in order.</summary>
    private async Task<List<Guid>> AddWebhooksAsync(Guid boardId, bool[] enabled)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var hooks = enabled.Select((on, i) => new Webhook(boardId, $"http://127.0.0.1:9/hook-{i}", "a-secret-of-sixteen+", on, "alice", App.Clock.GetUtcNow())).ToList();
        db.Webhooks.AddRange(hooks);
        await db.SaveChangesAsync(Ct);
        return hooks.Select(h => h.Id).ToList();
    }
}

public sealed class SqliteStaleScanFlagTests(SqliteApp app) : StaleScanFlagTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStaleScanFlagTests(PostgresApp app) : StaleScanFlagTests(app), IClassFixture<PostgresApp>;

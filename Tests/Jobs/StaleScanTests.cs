using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Api;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Jobs;

/// <summary>
/// The stale scan as Hangfire would run it, called directly with the fake clock moved forward instead of waiting.
/// Data is made through the API; the scan sees every board of the fixture, so each test looks at its own cards only.
/// </summary>
public abstract class StaleScanTests(KanbanApp app) : ApiTestBase(app)
{
    private static readonly object[] OneHourColumns =
    [
        new { name = "Inbox", staleAfter = "PT1H" },
        new { name = "Doing", staleAfter = "PT1H", staleBasis = "TIME_IN_COLUMN" },
        new { name = "Done", isDone = true },
    ];

    [Fact]
    public async Task An_untouched_card_past_its_columns_threshold_is_flagged_once()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var card = await CardIdAsync(board.BoardId);

        App.Clock.Advance(TimeSpan.FromMinutes(61));
        await ScanAsync();
        await ScanAsync();

        Assert.Equal(1, await EventCountAsync(card, "CardFlaggedStale"));
        var flag = await LastEventAsync(card, "CardFlaggedStale");
        Assert.Equal("system", flag.ActorId);
        Assert.Equal("lastActivity", flag.Payload.GetProperty("basis").GetString());
        Assert.Equal(TimeSpan.FromHours(1), TimeSpan.Parse(flag.Payload.GetProperty("threshold").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(flag.Payload.GetProperty("card").GetProperty("isStale").GetBoolean());
        Assert.NotNull(await StaleSinceAsync(card));
    }

    [Fact]
    public async Task A_card_within_its_threshold_is_not_flagged()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var card = await CardIdAsync(board.BoardId);

        App.Clock.Advance(TimeSpan.FromMinutes(59));
        await ScanAsync();

        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));
        Assert.Null(await StaleSinceAsync(card));
    }

    [Fact]
    public async Task A_done_column_never_flags()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        await SetBoardDefaultAsync(board.BoardId, "PT1H");
        var card = await CardIdAsync(board.BoardId, board.ColumnIds[2]);

        // Short steps: the fake clock fires every periodic timer of the host (the event relay's) once per period it passes.
        App.Clock.Advance(TimeSpan.FromHours(3));
        await ScanAsync();

        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));
    }

    [Fact]
    public async Task The_board_default_applies_to_a_column_without_its_own_threshold()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[] { new { name = "Inbox" }, new { name = "Done", isDone = true } });
        await SetBoardDefaultAsync(board.BoardId, "PT2H");
        var card = await CardIdAsync(board.BoardId);

        App.Clock.Advance(TimeSpan.FromMinutes(90));
        await ScanAsync();
        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));

        App.Clock.Advance(TimeSpan.FromMinutes(31));
        await ScanAsync();
        var flag = await LastEventAsync(card, "CardFlaggedStale");
        Assert.Equal("02:00:00", flag.Payload.GetProperty("threshold").GetString());
    }

    [Fact]
    public async Task Without_any_threshold_a_column_never_flags()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[] { new { name = "Inbox" } });
        await SetBoardDefaultAsync(board.BoardId, null);
        var card = await CardIdAsync(board.BoardId);

        App.Clock.Advance(TimeSpan.FromHours(3));
        await ScanAsync();

        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));
    }

    [Fact]
    public async Task By_time_in_column_an_edit_does_not_save_a_card_that_sat_too_long()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var card = await CardIdAsync(board.BoardId, board.ColumnIds[1]);

        App.Clock.Advance(TimeSpan.FromMinutes(50));
        await EditAsync(card);
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        await ScanAsync();

        var flag = await LastEventAsync(card, "CardFlaggedStale");
        Assert.Equal("timeInColumn", flag.Payload.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task By_last_activity_an_edit_saves_the_card()
    {
        var board = await Alice.CreateBoardAsync(columns: OneHourColumns);
        var card = await CardIdAsync(board.BoardId, board.ColumnIds[0]);

        App.Clock.Advance(TimeSpan.FromMinutes(50));
        await EditAsync(card);
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        await ScanAsync();
        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));

        App.Clock.Advance(TimeSpan.FromMinutes(41));
        await ScanAsync();
        Assert.Equal(1, await EventCountAsync(card, "CardFlaggedStale"));
    }

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
    public async Task A_learned_threshold_is_the_85th_percentile_of_stays_once_there_are_enough()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[]
        {
            new { name = "Triage", staleAfter = "PT10H", autoStaleAfter = true },
            new { name = "Next", staleAfter = "P30D" },
        });
        // Twenty cards stay 10, 20, ... 200 minutes in Triage; the 85th percentile (nearest rank 17) is 170 minutes.
        var passing = new List<Guid>();
        for (var i = 0; i < 20; i++)
            passing.Add(await CardIdAsync(board.BoardId, title: $"Passing {i}"));
        foreach (var id in passing)
        {
            App.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Null((await Alice.MoveCardAsync(Ids.Global("Card", id), board.ColumnIds[1])).Errors);
        }

        var card = await CardIdAsync(board.BoardId, title: "Waiting");
        App.Clock.Advance(TimeSpan.FromMinutes(169));
        await ScanAsync();
        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await ScanAsync();
        var flag = await LastEventAsync(card, "CardFlaggedStale");
        Assert.Equal("02:50:00", flag.Payload.GetProperty("threshold").GetString());
    }

    [Fact]
    public async Task Without_enough_stays_a_learning_column_falls_back_to_its_own_threshold()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[]
        {
            new { name = "Triage", staleAfter = "PT10H", autoStaleAfter = true },
            new { name = "Next", staleAfter = "P30D" },
        });
        for (var i = 0; i < 19; i++)
        {
            var passing = await CardIdAsync(board.BoardId, title: $"Passing {i}");
            App.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Null((await Alice.MoveCardAsync(Ids.Global("Card", passing), board.ColumnIds[1])).Errors);
        }

        var card = await CardIdAsync(board.BoardId, title: "Waiting");
        App.Clock.Advance(TimeSpan.FromMinutes(599));
        await ScanAsync();
        Assert.Equal(0, await EventCountAsync(card, "CardFlaggedStale"));

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await ScanAsync();
        var flag = await LastEventAsync(card, "CardFlaggedStale");
        Assert.Equal("10:00:00", flag.Payload.GetProperty("threshold").GetString());
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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<StaleScanResult> ScanAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StaleScanJob>().RunAsync(Ct);
    }

    private async Task<Guid> CardIdAsync(string boardId, string? columnId = null, string title = "A customer problem") =>
        Ids.Parse((await Alice.CreateCardAsync(boardId, title, columnId)).Str("id"), "Card");

    private Task<JsonElement> SetBoardDefaultAsync(string boardId, string? defaultStaleAfter) =>
        Alice.DataAsync("mutation($input: UpdateBoardPolicyInput!) { updateBoardPolicy(input: $input) { board { id } } }",
            new { input = new { boardId, defaultStaleAfter } });

    private Task<JsonElement> EditAsync(Guid cardId) =>
        Alice.DataAsync("mutation($input: UpdateCardInput!) { updateCard(input: $input) { card { id } } }",
            new { input = new { cardId = Ids.Global("Card", cardId), title = "Edited " + App.Clock.GetUtcNow().Ticks } });

    private sealed record StoredEvent(string Type, string ActorId, JsonElement Payload);

    private async Task<List<StoredEvent>> EventsAsync(Guid cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var rows = await db.BoardEvents.AsNoTracking().Where(e => e.CardId == cardId).OrderBy(e => e.Seq)
            .Select(e => new { e.Type, e.ActorId, e.Payload }).ToListAsync(Ct);
        return rows.Select(r => new StoredEvent(r.Type, r.ActorId, JsonDocument.Parse(r.Payload).RootElement.Clone())).ToList();
    }

    private async Task<List<string>> EventTypesAsync(Guid cardId) => (await EventsAsync(cardId)).Select(e => e.Type).ToList();

    private async Task<int> EventCountAsync(Guid cardId, string type) => (await EventsAsync(cardId)).Count(e => e.Type == type);

    private async Task<StoredEvent> LastEventAsync(Guid cardId, string type) => (await EventsAsync(cardId)).Last(e => e.Type == type);

    private async Task<DateTimeOffset?> StaleSinceAsync(Guid cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        return await db.Cards.AsNoTracking().Where(c => c.Id == cardId).Select(c => c.StaleSince).SingleAsync(Ct);
    }

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

public sealed class SqliteStaleScanTests(SqliteApp app) : StaleScanTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStaleScanTests(PostgresApp app) : StaleScanTests(app), IClassFixture<PostgresApp>;

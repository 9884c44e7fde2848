using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Jobs;

/// <summary>
/// The stale scan against a column's threshold: which cards it flags, and what counts as time in the column.
/// </summary>
public abstract class StaleScanThresholdTests(KanbanApp app) : StaleScanTestBase(app)
{
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

    private Task<JsonElement> SetBoardDefaultAsync(string boardId, string? defaultStaleAfter) =>
        Alice.DataAsync("mutation($input: UpdateBoardPolicyInput!) { updateBoardPolicy(input: $input) { board { id } } }",
            new { input = new { boardId, defaultStaleAfter } });

    private Task<JsonElement> EditAsync(Guid cardId) =>
        Alice.DataAsync("mutation($input: UpdateCardInput!) { updateCard(input: $input) { card { id } } }",
            new { input = new { cardId = Ids.Global("Card", cardId), title = "Edited " + App.Clock.GetUtcNow().Ticks } });
}

public sealed class SqliteStaleScanThresholdTests(SqliteApp app) : StaleScanThresholdTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStaleScanThresholdTests(PostgresApp app) : StaleScanThresholdTests(app), IClassFixture<PostgresApp>;

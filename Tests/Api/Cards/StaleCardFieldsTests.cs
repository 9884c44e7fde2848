using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>What the API shows of staleness; the scan that sets the flags has tests of its own.</summary>
public abstract class StaleCardFieldsTests(KanbanApp app) : ApiTestBase(app)
{
    private const string StaleFields = "isStale staleSince snoozedUntil lastActivityAt enteredColumnAt timeInColumn version";

    [Fact]
    public async Task A_flagged_card_shows_as_stale_is_listed_and_activity_clears_it()
    {
        var board = await Alice.CreateBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId, "Forgotten")).Str("id");
        await Alice.CreateCardAsync(board.BoardId, "Fresh");
        App.Clock.Advance(TimeSpan.FromDays(8));
        await FlagAsync(card);

        var flagged = await Alice.CardAsync(card, StaleFields);
        var listed = await Alice.DataAsync("query($b: ID!) { staleCards(boardId: $b) { nodes { id } } }", new { b = board.BoardId });
        await Alice.MutateAsync("vote", "VoteInput", new { cardId = card }, "card { id }");
        var touched = await Alice.CardAsync(card, StaleFields + " events { nodes { type } }");

        Assert.True(flagged.At("isStale").GetBoolean());
        Assert.Equal(1, flagged.Number("version"));
        Assert.Equal("P8D", flagged.Str("timeInColumn"));
        Assert.Equal([card], listed.Nodes("staleCards").Select(c => c.Str("id")));
        Assert.False(touched.At("isStale").GetBoolean());
        Assert.Contains("CardUnflagged", touched.Nodes("events").Select(e => e.Str("type")));
    }

    [Fact]
    public async Task Snoozing_sets_the_time_and_clears_the_flag()
    {
        var board = await Alice.CreateBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        App.Clock.Advance(TimeSpan.FromDays(8));
        await FlagAsync(card);
        var until = App.Clock.GetUtcNow().AddDays(3);

        var snoozed = await Alice.MutateAsync("snoozeCard", "SnoozeCardInput", new { cardId = card, until }, $"card {{ {StaleFields} }}");

        Assert.Null(snoozed.Errors);
        Assert.False(snoozed.Data.At("snoozeCard.card.isStale").GetBoolean());
        Assert.Equal(until, snoozed.Data.At("snoozeCard.card.snoozedUntil").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(91)]
    public async Task Snoozing_into_the_past_or_too_far_ahead_is_refused(int days)
    {
        var board = await Alice.CreateBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");

        var response = await Alice.MutateAsync("snoozeCard", "SnoozeCardInput", new { cardId = card, until = App.Clock.GetUtcNow().AddDays(days) }, "card { id }");

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("until", response.FirstErrorExtensions.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Columns_show_their_stale_policy_and_the_board_its_default()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[]
        {
            new { name = "Inbox", staleAfter = "P2D", staleBasis = "TIME_IN_COLUMN" },
            new { name = "Learning", autoStaleAfter = true },
            new { name = "Done", isDone = true },
        });

        var changed = await Alice.MutateAsync("updateBoardPolicy", "UpdateBoardPolicyInput", new { boardId = board.BoardId, defaultStaleAfter = "P5D" },
            "board { defaultStaleAfter columns { staleAfter staleBasis autoStaleAfter } }");

        var data = changed.Data.At("updateBoardPolicy.board");
        Assert.Equal("P5D", data.Str("defaultStaleAfter"));
        Assert.Equal(("P2D", "TIME_IN_COLUMN", false), (data.Str("columns.0.staleAfter"), data.Str("columns.0.staleBasis"), data.At("columns.0.autoStaleAfter").GetBoolean()));
        Assert.Equal(("LAST_ACTIVITY", true), (data.Str("columns.1.staleBasis"), data.At("columns.1.autoStaleAfter").GetBoolean()));
    }

    /// <summary>Flags a card the way the scan does (through the domain, with the board locked), without the scan.</summary>
    private async Task FlagAsync(string cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var id = Ids.Parse(cardId, "Card");
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var card = await db.Cards.SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
        await db.LockBoardAsync(card.BoardId, TestContext.Current.CancellationToken);
        Assert.True(card.FlagStaleIfOverdue(TimeSpan.FromDays(7), StaleBasis.LastActivity, App.Clock.GetUtcNow()));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class SqliteStaleCardFieldsTests(SqliteApp app) : StaleCardFieldsTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStaleCardFieldsTests(PostgresApp app) : StaleCardFieldsTests(app), IClassFixture<PostgresApp>;

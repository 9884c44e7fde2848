using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Updating a card: only the fields given change, null clears, identical updates are no-ops, old versions conflict.
/// </summary>
public abstract class CardUpdateTests(KanbanApp app) : CardMutationTestBase(app)
{
    [Fact]
    public async Task Updating_a_card_changes_only_the_fields_given_and_bumps_the_version()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var created = CardOf(await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "Checkout times out", problemStatement = "Customers give up after 30 s.", impact = 4, reach = 120, tags = new List<string> { "checkout" } },
            $"card {{ {TestData.CardFields} }}"), "createCard");
        var cardId = created.Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var retitled = CardOf(await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "Checkout times out on mobile" }), "updateCard");
        Assert.Equal(("Checkout times out on mobile", "Customers give up after 30 s.", 4, 120, 2), (retitled.Str("title"), retitled.Str("problemStatement"), retitled.Number("impact"), retitled.Number("reach"), retitled.Number("version")));
        Assert.Equal(["checkout"], retitled.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var rescored = CardOf(await Alice.ChangeCardAsync("updateCard", "UpdateCardInput",
            new { cardId, impact = 5, tags = new List<string> { "checkout", "mobile" }, assignees = new List<string> { "bob" } }), "updateCard");
        Assert.Equal(("Checkout times out on mobile", 5, 120, 3), (rescored.Str("title"), rescored.Number("impact"), rescored.Number("reach"), rescored.Number("version")));

        var stored = await Alice.CardAsync(cardId);
        Assert.Equal(["checkout", "mobile"], stored.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["bob"], stored.GetProperty("assignees").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(("Customers give up after 30 s.", 3), (stored.Str("problemStatement"), stored.Number("version")));
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_explicit_null_clears_the_problem_statement_tags_and_assignees_where_an_omitted_field_keeps_them()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = CardOf(await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "Checkout times out", problemStatement = "Customers give up.", tags = new List<string> { "checkout" }, assignees = new List<string> { "bob" } },
            $"card {{ {TestData.CardFields} }}"), "createCard").Str("id");

        var kept = CardOf(await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, impact = 5 }), "updateCard");
        Assert.Equal(("Checkout times out", "Customers give up.", 1, 1), (kept.Str("title"), kept.Str("problemStatement"), kept.At("tags").GetArrayLength(), kept.At("assignees").GetArrayLength()));

        var cleared = CardOf(await Alice.ChangeCardAsync("updateCard", "UpdateCardInput",
            new { cardId, problemStatement = (string?)null, tags = (List<string>?)null, assignees = (List<string>?)null }), "updateCard");
        Assert.Equal(("Checkout times out", "", 0, 0), (cleared.Str("title"), cleared.Str("problemStatement"), cleared.At("tags").GetArrayLength(), cleared.At("assignees").GetArrayLength()));

        AssertRefused(await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = (string?)null }), "VALIDATION", "title");
    }

    [Fact]
    public async Task An_identical_update_leaves_the_version_and_the_log_alone()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Same old")).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var same = CardOf(await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "  Same old ", impact = 3, tags = Array.Empty<string>() }), "updateCard");

        Assert.Equal(1, same.Number("version"));
        Assert.Equal(1, (await Alice.CardAsync(cardId)).Number("version"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_update_against_an_old_version_is_refused_with_the_current_version()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "First title")).Str("id");
        CardOf(await Bob.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "Bob's title", expectedVersion = 1 }), "updateCard");
        CardOf(await Bob.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, impact = 1, expectedVersion = 2 }), "updateCard");
        var before = await Alice.EventCountAsync(board.BoardId);
        var current = await Alice.CardAsync(cardId);

        var stale = await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "Alice's title", expectedVersion = 1 });
        var staleMove = await Alice.MoveCardAsync(cardId, board.ColumnIds[1], expectedVersion: 2);
        var staleBlock = await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "Waiting", expectedVersion = 2 });

        foreach (var response in new[] { stale, staleMove, staleBlock })
        {
            AssertRefused(response, "CONFLICT");
            Assert.Equal(current.Number("version"), response.FirstErrorExtensions.GetProperty("currentVersion").GetInt32());
        }

        Assert.Equal(current.ToString(), (await Alice.CardAsync(cardId)).ToString());
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));

        var fresh = CardOf(await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "Alice's title", expectedVersion = current.Number("version") }), "updateCard");
        Assert.Equal(("Alice's title", current.Number("version") + 1), (fresh.Str("title"), fresh.Number("version")));
    }
}

public sealed class SqliteCardUpdateTests(SqliteApp app) : CardUpdateTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardUpdateTests(PostgresApp app) : CardUpdateTests(app), IClassFixture<PostgresApp>;

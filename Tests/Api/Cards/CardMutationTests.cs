using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

public abstract class CardMutationTests(KanbanApp app) : ApiTestBase(app)
{
    private const string EventFields = "events { nodes { seq type cardId actor { userId name } payload } }";

    /// <summary>Inbox (no limit) and Doing (WIP <paramref name="limit"/>), with the default swimlanes.</summary>
    private Task<BoardIds> BoardWithWipLimitAsync(int limit) =>
        Alice.CreateTeamBoardAsync("WIP board", columns: new object[] { new { name = "Inbox" }, new { name = "Doing", wipLimit = limit } });

    private static void AssertRefused(GraphQLResponse response, string code, string? field = null)
    {
        Assert.True(response.ErrorCode == code, $"Expected {code}, got {response.Text}");
        if (field is not null)
            Assert.Equal(field, response.FirstErrorExtensions.GetProperty("field").GetString());
    }

    private static JsonElement CardOf(GraphQLResponse response, string mutation)
    {
        Assert.True(response.Errors is null, $"Expected no errors, got {response.Text}");
        return response.Data.At($"{mutation}.card");
    }

    private static List<string> Ids(JsonElement list) => list.EnumerateArray().Select(c => c.Str("id")).ToList();

    [Fact]
    public async Task A_new_card_goes_first_column_first_swimlane_with_the_lanes_customer_kind_and_defaults()
    {
        var board = await Alice.CreateTeamBoardAsync("Lanes", columns: new object[] { new { name = "Inbox" }, new { name = "Doing" } },
            swimlanes: new object[] { new { name = "Field sales (internal)", customerKind = "INTERNAL" }, new { name = "SMB customers", customerKind = "EXTERNAL" } });
        var before = await Alice.EventCountAsync(board.BoardId);

        var card = await Alice.CreateCardAsync(board.BoardId, "Quotes take a week");

        Assert.Equal(board.ColumnIds[0], card.Str("column.id"));
        Assert.Equal(board.SwimlaneIds[0], card.Str("swimlane.id"));
        Assert.Equal("INTERNAL", card.Str("customerKind"));
        Assert.Equal((3, 0, 1), (card.Number("impact"), card.Number("reach"), card.Number("version")));
        Assert.Equal(("Quotes take a week", "", false, false), (card.Str("title"), card.Str("problemStatement"), card.At("isBlocked").GetBoolean(), card.At("isArchived").GetBoolean()));
        Assert.Equal(board.BoardId, card.Str("boardId"));
        Assert.Equal("alice", (await Alice.CardAsync(card.Str("id"), "reporterId")).Str("reporterId"));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var external = await Alice.CreateCardAsync(board.BoardId, "Invoices unreadable", swimlaneId: board.SwimlaneIds[1]);
        Assert.Equal("EXTERNAL", external.Str("customerKind"));
        var overridden = CardOf(await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "Sales needs a CRM login", swimlaneId = board.SwimlaneIds[1], customerKind = "INTERNAL", impact = 5, reach = 40, tags = new List<string> { "crm" } },
            $"card {{ {TestData.CardFields} }}"), "createCard");
        Assert.Equal(("INTERNAL", 5, 40, "crm"), (overridden.Str("customerKind"), overridden.Number("impact"), overridden.Number("reach"), overridden.Str("tags.0")));
    }

    [Fact]
    public async Task A_new_card_can_be_placed_after_or_before_a_given_card()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var a = (await Alice.CreateCardAsync(board.BoardId, "A")).Str("id");
        var b = (await Alice.CreateCardAsync(board.BoardId, "B")).Str("id");

        var c = (await Alice.CreateCardAsync(board.BoardId, "C", afterCardId: a)).Str("id");
        Assert.Equal([a, c, b], await Alice.CellAsync(board.BoardId, column, lane));
        var d = (await Alice.CreateCardAsync(board.BoardId, "D", beforeCardId: a)).Str("id");
        Assert.Equal([d, a, c, b], await Alice.CellAsync(board.BoardId, column, lane));
        var e = (await Alice.CreateCardAsync(board.BoardId, "E", beforeCardId: b)).Str("id");
        Assert.Equal([d, a, c, e, b], await Alice.CellAsync(board.BoardId, column, lane));
        var f = (await Alice.CreateCardAsync(board.BoardId, "F", afterCardId: b)).Str("id");
        Assert.Equal([d, a, c, e, b, f], await Alice.CellAsync(board.BoardId, column, lane));
    }

    [Fact]
    public async Task A_neighbour_from_another_cell_or_two_neighbours_are_refused()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var a = (await Alice.CreateCardAsync(board.BoardId, "A")).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var otherLane = await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "X", swimlaneId = board.SwimlaneIds[1], afterCardId = a }, "card { id }");
        var both = await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "Y", afterCardId = a, beforeCardId = a }, "card { id }");

        AssertRefused(otherLane, "NOT_FOUND", "afterCardId");
        AssertRefused(both, "VALIDATION", "afterCardId");
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal([a], await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
    }

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

    [Fact]
    public async Task Moving_a_card_to_another_column_and_swimlane_places_it_where_asked()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (target, lane) = (board.ColumnIds[2], board.SwimlaneIds[1]);
        var x = (await Alice.CreateCardAsync(board.BoardId, "X", columnId: target, swimlaneId: lane)).Str("id");
        var y = (await Alice.CreateCardAsync(board.BoardId, "Y", columnId: target, swimlaneId: lane)).Str("id");
        var card = (await Alice.CreateCardAsync(board.BoardId, "Mover")).Str("id");
        var stay = (await Alice.CreateCardAsync(board.BoardId, "Stays")).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var moved = CardOf(await Bob.MoveCardAsync(card, target, toSwimlaneId: lane, afterCardId: x), "moveCard");

        Assert.Equal((target, lane, 2), (moved.Str("column.id"), moved.Str("swimlane.id"), moved.Number("version")));
        Assert.Equal([x, card, y], await Alice.CellAsync(board.BoardId, target, lane));
        Assert.Equal([stay], await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        // Without toSwimlaneId the card keeps its lane; without a neighbour it goes last.
        var onward = CardOf(await Bob.MoveCardAsync(card, board.ColumnIds[3]), "moveCard");
        Assert.Equal((board.ColumnIds[3], lane), (onward.Str("column.id"), onward.Str("swimlane.id")));
        var back = CardOf(await Bob.MoveCardAsync(card, target, beforeCardId: x), "moveCard");
        Assert.Equal(target, back.Str("column.id"));
        Assert.Equal([card, x, y], await Alice.CellAsync(board.BoardId, target, lane));
    }

    [Fact]
    public async Task Moving_within_a_cell_after_and_before_gives_the_expected_order()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var ids = new List<string>();
        foreach (var title in new[] { "A", "B", "C", "D" })
            ids.Add((await Alice.CreateCardAsync(board.BoardId, title)).Str("id"));
        var (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);

        CardOf(await Alice.MoveCardAsync(d, column, afterCardId: a), "moveCard");
        Assert.Equal([a, d, b, c], await Alice.CellAsync(board.BoardId, column, lane));
        CardOf(await Alice.MoveCardAsync(a, column, beforeCardId: c), "moveCard");
        Assert.Equal([d, b, a, c], await Alice.CellAsync(board.BoardId, column, lane));
        CardOf(await Alice.MoveCardAsync(b, column), "moveCard");
        Assert.Equal([d, a, c, b], await Alice.CellAsync(board.BoardId, column, lane));
        CardOf(await Alice.MoveCardAsync(b, column, beforeCardId: d), "moveCard");
        Assert.Equal([b, d, a, c], await Alice.CellAsync(board.BoardId, column, lane));

        var nextToItself = await Alice.MoveCardAsync(b, column, afterCardId: b);
        AssertRefused(nextToItself, "VALIDATION", "afterCardId");
        Assert.Equal([b, d, a, c], await Alice.CellAsync(board.BoardId, column, lane));
    }

    [Fact]
    public async Task Moving_into_a_full_column_is_refused_and_nothing_changes()
    {
        var board = await BoardWithWipLimitAsync(1);
        var (inbox, doing) = (board.ColumnIds[0], board.ColumnIds[1]);
        var full = (await Alice.CreateCardAsync(board.BoardId, "In progress", columnId: doing)).Str("id");
        var waiting = (await Alice.CreateCardAsync(board.BoardId, "Waiting", columnId: inbox)).Str("id");
        var cardBefore = await Alice.CardAsync(waiting);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Bob.MoveCardAsync(waiting, doing, afterCardId: full);
        var otherLane = await Bob.MoveCardAsync(waiting, doing, toSwimlaneId: board.SwimlaneIds[1]);

        AssertRefused(response, "WIP_LIMIT_REACHED", "toColumnId");
        AssertRefused(otherLane, "WIP_LIMIT_REACHED");
        Assert.Equal(1, response.FirstErrorExtensions.GetProperty("wipLimit").GetInt32());
        var cardAfter = await Alice.CardAsync(waiting);
        Assert.Equal(cardBefore.ToString(), cardAfter.ToString());
        Assert.Equal((inbox, 1), (cardAfter.Str("column.id"), cardAfter.Number("version")));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal([full], await Alice.CellAsync(board.BoardId, doing, board.SwimlaneIds[0]));
    }

    [Fact]
    public async Task Creating_a_card_in_a_full_column_is_refused()
    {
        var board = await BoardWithWipLimitAsync(1);
        await Alice.CreateCardAsync(board.BoardId, "In progress", columnId: board.ColumnIds[1]);
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.MutateAsync("createCard", "CreateCardInput",
            new { boardId = board.BoardId, title = "One too many", columnId = board.ColumnIds[1], swimlaneId = board.SwimlaneIds[1] }, "card { id }");

        AssertRefused(response, "WIP_LIMIT_REACHED");
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Single((await Alice.BoardAsync(board.BoardId, "cards { nodes { id } }")).Nodes("cards"));
    }

    [Fact]
    public async Task Moving_within_the_full_column_itself_is_allowed()
    {
        var board = await BoardWithWipLimitAsync(2);
        var doing = board.ColumnIds[1];
        var first = (await Alice.CreateCardAsync(board.BoardId, "First", columnId: doing)).Str("id");
        var second = (await Alice.CreateCardAsync(board.BoardId, "Second", columnId: doing)).Str("id");

        var reordered = CardOf(await Alice.MoveCardAsync(second, doing, beforeCardId: first), "moveCard");
        Assert.Equal(2, reordered.Number("version"));
        Assert.Equal([second, first], await Alice.CellAsync(board.BoardId, doing, board.SwimlaneIds[0]));

        var toOtherLane = CardOf(await Alice.MoveCardAsync(first, doing, toSwimlaneId: board.SwimlaneIds[1]), "moveCard");
        Assert.Equal((doing, board.SwimlaneIds[1]), (toOtherLane.Str("column.id"), toOtherLane.Str("swimlane.id")));
    }

    [Fact]
    public async Task Archived_cards_do_not_count_against_the_wip_limit()
    {
        var board = await BoardWithWipLimitAsync(1);
        var done = (await Alice.CreateCardAsync(board.BoardId, "Parked", columnId: board.ColumnIds[1])).Str("id");
        var next = (await Alice.CreateCardAsync(board.BoardId, "Next")).Str("id");
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = done }), "archiveCard");

        var moved = CardOf(await Alice.MoveCardAsync(next, board.ColumnIds[1]), "moveCard");

        Assert.Equal(board.ColumnIds[1], moved.Str("column.id"));
        Assert.Equal(1, (await Alice.BoardAsync(board.BoardId, "columns { cardCount }")).Number("columns.1.cardCount"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task Blocking_needs_a_reason(string reason)
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason });

        AssertRefused(response, "VALIDATION", "reason");
        var card = await Alice.CardAsync(cardId);
        Assert.False(card.At("isBlocked").GetBoolean());
        Assert.Equal(1, card.Number("version"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Blocking_without_a_reason_field_is_refused()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId });

        AssertRefused(response, "VALIDATION");
        Assert.False((await Alice.CardAsync(cardId)).At("isBlocked").GetBoolean());
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_card_can_be_blocked_with_a_reason_and_unblocked()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var blocked = CardOf(await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "  Waiting for legal  " }), "blockCard");
        Assert.Equal((true, "Waiting for legal", 2), (blocked.At("isBlocked").GetBoolean(), blocked.Str("blockedReason"), blocked.Number("version")));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var unblocked = CardOf(await Alice.ChangeCardAsync("unblockCard", "CardChangeInput", new { cardId }), "unblockCard");
        Assert.Equal((false, JsonValueKind.Null, 3), (unblocked.At("isBlocked").GetBoolean(), unblocked.At("blockedReason").ValueKind, unblocked.Number("version")));
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));

        var again = CardOf(await Alice.ChangeCardAsync("unblockCard", "CardChangeInput", new { cardId }), "unblockCard");
        Assert.Equal(3, again.Number("version"));
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_archived_card_is_hidden_from_lists_but_can_still_be_read()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var kept = (await Alice.CreateCardAsync(board.BoardId, "Kept")).Str("id");
        var gone = (await Alice.CreateCardAsync(board.BoardId, "Gone")).Str("id");

        var archived = CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = gone }), "archiveCard");
        Assert.True(archived.At("isArchived").GetBoolean());

        var lists = await Alice.BoardAsync(board.BoardId,
            "cards { nodes { id } } all: cards(includeArchived: true) { nodes { id isArchived } } " +
            "columns { cardCount cards(first: 10) { nodes { id } } allCards: cards(first: 10, includeArchived: true) { nodes { id } } }");
        Assert.Equal([kept], Ids(lists.At("cards.nodes")));
        Assert.Equal([kept, gone], Ids(lists.At("all.nodes")));
        Assert.True(lists.At("all.nodes.1.isArchived").GetBoolean());
        Assert.Equal([kept], Ids(lists.At("columns.0.cards.nodes")));
        Assert.Equal([kept, gone], Ids(lists.At("columns.0.allCards.nodes")));
        Assert.Equal(1, lists.Number("columns.0.cardCount"));
        Assert.Equal([kept], await Alice.CellAsync(board.BoardId, column, lane));

        var card = await Alice.CardAsync(gone, "id title isArchived archivedAt");
        Assert.Equal(("Gone", true), (card.Str("title"), card.At("isArchived").GetBoolean()));
        Assert.Equal(JsonValueKind.String, card.At("archivedAt").ValueKind);
    }

    [Fact]
    public async Task Restoring_into_a_full_column_is_refused()
    {
        var board = await BoardWithWipLimitAsync(1);
        var doing = board.ColumnIds[1];
        var parked = (await Alice.CreateCardAsync(board.BoardId, "Parked", columnId: doing)).Str("id");
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId = parked }), "archiveCard");
        var newcomer = (await Alice.CreateCardAsync(board.BoardId, "Newcomer", columnId: doing)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.ChangeCardAsync("restoreCard", "CardChangeInput", new { cardId = parked });

        AssertRefused(response, "WIP_LIMIT_REACHED");
        var card = await Alice.CardAsync(parked);
        Assert.True(card.At("isArchived").GetBoolean());
        Assert.Equal(2, card.Number("version"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal([newcomer], await Alice.CellAsync(board.BoardId, doing, board.SwimlaneIds[0]));
    }

    [Fact]
    public async Task A_restored_card_is_back_in_its_column()
    {
        var board = await BoardWithWipLimitAsync(1);
        var doing = board.ColumnIds[1];
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Parked", columnId: doing)).Str("id");
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId }), "archiveCard");
        var before = await Alice.EventCountAsync(board.BoardId);

        var restored = CardOf(await Alice.ChangeCardAsync("restoreCard", "CardChangeInput", new { cardId }), "restoreCard");

        Assert.Equal((false, doing, 3), (restored.At("isArchived").GetBoolean(), restored.Str("column.id"), restored.Number("version")));
        Assert.Equal(JsonValueKind.Null, (await Alice.CardAsync(cardId, "archivedAt")).At("archivedAt").ValueKind);
        Assert.Equal([cardId], await Alice.CellAsync(board.BoardId, doing, board.SwimlaneIds[0]));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_archived_card_refuses_edits_moves_and_activity()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Archived")).Str("id");
        CardOf(await Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId }), "archiveCard");
        var cardBefore = await Alice.CardAsync(cardId);
        var before = await Alice.EventCountAsync(board.BoardId);

        var update = await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "Edited" });
        var move = await Alice.MoveCardAsync(cardId, board.ColumnIds[1]);
        var block = await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "Why not" });
        var vote = await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId });
        var evidence = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "QUOTE", content = "Too slow" }, "evidence { id }");

        AssertRefused(update, "VALIDATION", "cardId");
        AssertRefused(move, "VALIDATION", "cardId");
        AssertRefused(block, "VALIDATION", "cardId");
        AssertRefused(vote, "VALIDATION", "cardId");
        AssertRefused(evidence, "VALIDATION", "cardId");
        Assert.Equal(cardBefore.ToString(), (await Alice.CardAsync(cardId)).ToString());
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Evidence_of_every_kind_can_be_added()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);
        (string Kind, string Content, string Source)[] pieces =
        [
            ("QUOTE", "\"I gave up after the third try.\"", "Customer call"),
            ("OBSERVATION", "Support gets five tickets a day about it.", "Support team"),
            ("METRIC", "Checkout abandonment 38%", "Analytics"),
            ("LINK", "https://example.com/tickets/4711", "Ticket"),
        ];

        var version = 1;
        foreach (var (kind, content, source) in pieces)
        {
            var response = await Bob.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind, content, source },
                "evidence { id kind content source recordedBy } card { version }");
            Assert.True(response.Errors is null, response.Text);
            var added = response.Data.At("addEvidence.evidence");
            Assert.Equal((kind, content, source, "bob"), (added.Str("kind"), added.Str("content"), added.Str("source"), added.Str("recordedBy")));
            Assert.Equal(++version, response.Data.Number("addEvidence.card.version"));
        }

        var evidence = (await Alice.CardAsync(cardId, "evidence { nodes { kind content cardId } }")).At("evidence.nodes");
        Assert.Equal(pieces.Select(p => (p.Kind, p.Content)), evidence.EnumerateArray().Select(e => (e.Str("kind"), e.Str("content"))));
        Assert.All(evidence.EnumerateArray(), e => Assert.Equal(cardId, e.Str("cardId")));
        Assert.Equal(before + pieces.Length, await Alice.EventCountAsync(board.BoardId));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("example.com/page")]
    [InlineData("ftp://example.com/file")]
    public async Task A_link_that_is_not_a_web_url_is_refused_on_the_content_field(string content)
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "LINK", content }, "evidence { id }");

        AssertRefused(response, "VALIDATION", "content");
        var card = await Alice.CardAsync(cardId, "version evidence { nodes { id } }");
        Assert.Empty(card.Nodes("evidence"));
        Assert.Equal(1, card.Number("version"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Evidence_can_be_removed_and_the_history_keeps_it()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var added = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "QUOTE", content = "It is too slow." }, "evidence { id }");
        Assert.True(added.Errors is null, added.Text);
        var keep = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "METRIC", content = "p95 12 s" }, "evidence { id }");
        Assert.True(keep.Errors is null, keep.Text);
        var evidenceId = added.Data.Str("addEvidence.evidence.id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var removed = await Bob.MutateAsync("removeEvidence", "RemoveEvidenceInput", new { evidenceId }, "evidence { id } removedEvidenceId card { version evidence { nodes { id } } }");

        Assert.True(removed.Errors is null, removed.Text);
        Assert.Equal(JsonValueKind.Null, removed.Data.At("removeEvidence.evidence").ValueKind);
        Assert.Equal(evidenceId, removed.Data.Str("removeEvidence.removedEvidenceId"));
        Assert.Equal(4, removed.Data.Number("removeEvidence.card.version"));
        var card = await Alice.CardAsync(cardId, $"evidence {{ nodes {{ id }} }} {EventFields}");
        Assert.Equal([keep.Data.Str("addEvidence.evidence.id")], Ids(card.At("evidence.nodes")));
        var last = card.Nodes("events").Last();
        Assert.Equal(("EvidenceRemoved", "bob"), (last.Str("type"), last.Str("actor.userId")));
        Assert.Contains("It is too slow.", last.Str("payload"), StringComparison.Ordinal);
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var again = await Bob.MutateAsync("removeEvidence", "RemoveEvidenceInput", new { evidenceId }, "removedEvidenceId");
        AssertRefused(again, "NOT_FOUND");
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Voting_twice_counts_once()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var first = await Alice.MutateAsync("vote", "VoteInput", new { cardId }, "card { voteCount viewerHasVoted version }");
        var second = await Alice.MutateAsync("vote", "VoteInput", new { cardId }, "card { voteCount viewerHasVoted version }");

        Assert.True(first.Errors is null && second.Errors is null, second.Text);
        Assert.Equal((1, true, 2), (first.Data.Number("vote.card.voteCount"), first.Data.At("vote.card.viewerHasVoted").GetBoolean(), first.Data.Number("vote.card.version")));
        Assert.Equal((1, true, 2), (second.Data.Number("vote.card.voteCount"), second.Data.At("vote.card.viewerHasVoted").GetBoolean(), second.Data.Number("vote.card.version")));
        Assert.Equal(1, (await Bob.CardAsync(cardId, "voteCount")).Number("voteCount"));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Every_members_vote_counts_and_each_viewer_sees_their_own()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var other = (await Alice.CreateCardAsync(board.BoardId, "Nobody votes here")).Str("id");
        Assert.True((await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId })).Errors is null);
        Assert.True((await Bob.ChangeCardAsync("vote", "VoteInput", new { cardId })).Errors is null);

        foreach (var (client, voted) in new[] { (Alice, true), (Bob, true), (Carol, false) })
        {
            var card = await client.CardAsync(cardId, "voteCount viewerHasVoted");
            Assert.Equal((2, voted), (card.Number("voteCount"), card.At("viewerHasVoted").GetBoolean()));
        }

        var listed = await Carol.BoardAsync(board.BoardId, "cards { nodes { id voteCount viewerHasVoted } }");
        Assert.Equal([(cardId, 2, false), (other, 0, false)],
            listed.Nodes("cards").Select(c => (c.Str("id"), c.Number("voteCount"), c.At("viewerHasVoted").GetBoolean())));
    }

    [Fact]
    public async Task A_vote_can_be_taken_back()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        Assert.True((await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId })).Errors is null);
        Assert.True((await Bob.ChangeCardAsync("vote", "VoteInput", new { cardId })).Errors is null);
        var before = await Alice.EventCountAsync(board.BoardId);

        var unvoted = await Alice.MutateAsync("unvote", "VoteInput", new { cardId }, "card { voteCount viewerHasVoted }");

        Assert.True(unvoted.Errors is null, unvoted.Text);
        Assert.Equal((1, false), (unvoted.Data.Number("unvote.card.voteCount"), unvoted.Data.At("unvote.card.viewerHasVoted").GetBoolean()));
        Assert.True((await Bob.CardAsync(cardId, "viewerHasVoted")).At("viewerHasVoted").GetBoolean());
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var again = await Alice.MutateAsync("unvote", "VoteInput", new { cardId }, "card { voteCount }");
        Assert.Equal(1, again.Data.Number("unvote.card.voteCount"));
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_cards_history_lists_its_events_in_order_with_actor_and_snapshot()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Returns are confusing")).Str("id");
        CardOf(await Bob.MoveCardAsync(cardId, board.ColumnIds[1], toSwimlaneId: board.SwimlaneIds[1]), "moveCard");
        CardOf(await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "Waiting for legal" }), "blockCard");
        await Bob.CreateCardAsync(board.BoardId, "Someone else's card");

        var events = (await Carol.CardAsync(cardId, EventFields)).Nodes("events");

        Assert.Equal(["CardCreated", "CardMoved", "CardBlocked"], events.Select(e => e.Str("type")));
        Assert.Equal(["alice", "bob", "alice"], events.Select(e => e.Str("actor.userId")));
        Assert.Equal(["Alice", "Bob", "Alice"], events.Select(e => e.Str("actor.name")));
        Assert.All(events, e => Assert.Equal(cardId, e.Str("cardId")));
        var seqs = events.Select(e => e.Number("seq")).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.True(seqs[^1] < await Alice.EventCountAsync(board.BoardId));

        using var created = JsonDocument.Parse(events[0].Str("payload"));
        var snapshot = created.RootElement.GetProperty("card");
        Assert.Equal(("Returns are confusing", 1), (snapshot.Str("title"), snapshot.Number("version")));
        Assert.Equal(KanbanCustomer.Api.Common.Ids.Parse(cardId, "Card"), snapshot.At("id").GetGuid());
        Assert.Equal(KanbanCustomer.Api.Common.Ids.Parse(board.ColumnIds[0], "Column"), snapshot.At("columnId").GetGuid());

        using var moved = JsonDocument.Parse(events[1].Str("payload"));
        Assert.Equal(KanbanCustomer.Api.Common.Ids.Parse(board.ColumnIds[0], "Column"), moved.RootElement.At("fromColumnId").GetGuid());
        Assert.Equal(KanbanCustomer.Api.Common.Ids.Parse(board.ColumnIds[1], "Column"), moved.RootElement.At("toColumnId").GetGuid());
        Assert.Equal((KanbanCustomer.Api.Common.Ids.Parse(board.ColumnIds[1], "Column"), KanbanCustomer.Api.Common.Ids.Parse(board.SwimlaneIds[1], "Swimlane"), 2),
            (moved.RootElement.At("card.columnId").GetGuid(), moved.RootElement.At("card.swimlaneId").GetGuid(), moved.RootElement.Number("card.version")));

        using var blocked = JsonDocument.Parse(events[2].Str("payload"));
        Assert.Equal("Waiting for legal", blocked.RootElement.Str("reason"));
        Assert.Equal((true, "Waiting for legal", 3),
            (blocked.RootElement.At("card.isBlocked").GetBoolean(), blocked.RootElement.Str("card.blockedReason"), blocked.RootElement.Number("card.version")));
    }

    [Fact]
    public async Task Each_change_appends_exactly_its_events_and_a_no_op_appends_none()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var seq = await Alice.EventCountAsync(board.BoardId);
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        Assert.Equal(++seq, await Alice.EventCountAsync(board.BoardId));
        string? evidenceId = null;

        (string Step, Func<Task<GraphQLResponse>> Send, int Events)[] steps =
        [
            ("update", () => Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "Renamed" }), 1),
            ("identical update", () => Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId, title = "Renamed" }), 0),
            ("move", () => Alice.MoveCardAsync(cardId, board.ColumnIds[1]), 1),
            ("block", () => Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "Waiting" }), 1),
            ("same block", () => Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId, reason = "Waiting" }), 0),
            ("unblock", () => Alice.ChangeCardAsync("unblockCard", "CardChangeInput", new { cardId }), 1),
            ("add evidence", async () =>
            {
                var response = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "OBSERVATION", content = "Seen twice" }, "evidence { id }");
                evidenceId = response.Data.Str("addEvidence.evidence.id");
                return response;
            }, 1),
            ("remove evidence", () => Alice.MutateAsync("removeEvidence", "RemoveEvidenceInput", new { evidenceId }, "removedEvidenceId"), 1),
            ("vote", () => Alice.ChangeCardAsync("vote", "VoteInput", new { cardId }), 1),
            ("second vote", () => Alice.ChangeCardAsync("vote", "VoteInput", new { cardId }), 0),
            ("unvote", () => Alice.ChangeCardAsync("unvote", "VoteInput", new { cardId }), 1),
            ("second unvote", () => Alice.ChangeCardAsync("unvote", "VoteInput", new { cardId }), 0),
            ("archive", () => Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId }), 1),
            ("second archive", () => Alice.ChangeCardAsync("archiveCard", "CardChangeInput", new { cardId }), 0),
            ("restore", () => Alice.ChangeCardAsync("restoreCard", "CardChangeInput", new { cardId }), 1),
            ("second restore", () => Alice.ChangeCardAsync("restoreCard", "CardChangeInput", new { cardId }), 0),
        ];

        foreach (var (step, send, events) in steps)
        {
            var response = await send();
            Assert.True(response.Errors is null, $"{step}: {response.Text}");
            seq += events;
            Assert.True(seq == await Alice.EventCountAsync(board.BoardId), $"{step} should append {events} event(s)");
        }

        var history = (await Alice.CardAsync(cardId, "version events { nodes { seq } totalCount }")).GetProperty("events");
        Assert.Equal(steps.Sum(s => s.Events) + 1, history.GetProperty("nodes").GetArrayLength());
        Assert.Equal(steps.Sum(s => s.Events) + 1, history.Number("totalCount"));
        Assert.Equal(steps.Sum(s => s.Events) + 1, (await Alice.CardAsync(cardId, "version")).Number("version"));
    }

    [Fact]
    public async Task Dropping_a_card_where_it_already_is_changes_nothing()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var a = (await Alice.CreateCardAsync(board.BoardId, "A")).Str("id");
        var b = (await Alice.CreateCardAsync(board.BoardId, "B")).Str("id");
        var c = (await Alice.CreateCardAsync(board.BoardId, "C")).Str("id");
        var cardBefore = await Alice.CardAsync(b);
        var before = await Alice.EventCountAsync(board.BoardId);

        var after = CardOf(await Alice.MoveCardAsync(b, column, afterCardId: a), "moveCard");
        var beforeNext = CardOf(await Alice.MoveCardAsync(b, column, beforeCardId: c), "moveCard");

        Assert.Equal([a, b, c], await Alice.CellAsync(board.BoardId, column, lane));
        Assert.Equal((1, 1), (after.Number("version"), beforeNext.Number("version")));
        Assert.Equal(cardBefore.ToString(), (await Alice.CardAsync(b)).ToString());
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Unknown_cards_columns_and_swimlanes_are_not_found()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var otherBoard = await Alice.CreateTeamBoardAsync("Other board");
        var before = await Alice.EventCountAsync(board.BoardId);

        GraphQLResponse[] responses =
        [
            await Alice.SendAsync("query($id: ID!) { card(id: $id) { id } }", new { id = Guid.NewGuid().ToString() }),
            await Alice.SendAsync("query($id: ID!) { card(id: $id) { id } }", new { id = "not-an-id" }),
            await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId = Guid.NewGuid().ToString(), title = "x" }),
            await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId = "not-an-id" }),
            await Alice.MoveCardAsync(cardId, Guid.NewGuid().ToString()),
            await Alice.MoveCardAsync(cardId, otherBoard.ColumnIds[1]),
            await Alice.MoveCardAsync(cardId, board.ColumnIds[1], toSwimlaneId: otherBoard.SwimlaneIds[0]),
            await Alice.MutateAsync("createCard", "CreateCardInput", new { boardId = Guid.NewGuid().ToString(), title = "x" }, "card { id }"),
            await Alice.MutateAsync("createCard", "CreateCardInput", new { boardId = board.BoardId, title = "x", columnId = otherBoard.ColumnIds[0] }, "card { id }"),
            await Alice.MutateAsync("removeEvidence", "RemoveEvidenceInput", new { evidenceId = Guid.NewGuid().ToString() }, "removedEvidenceId"),
        ];

        Assert.All(responses, r => Assert.True(r.ErrorCode == "NOT_FOUND", r.Text));
        Assert.Equal(JsonValueKind.Null, responses[0].Data.GetProperty("card").ValueKind);
        var card = await Alice.CardAsync(cardId);
        Assert.Equal((board.ColumnIds[0], 1), (card.Str("column.id"), card.Number("version")));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }
}

public sealed class SqliteCardMutationTests(SqliteApp app) : CardMutationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardMutationTests(PostgresApp app) : CardMutationTests(app), IClassFixture<PostgresApp>;

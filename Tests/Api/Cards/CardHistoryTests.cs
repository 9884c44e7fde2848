using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>A card's history: its events in order, and exactly the events each change appends.</summary>
public abstract class CardHistoryTests(KanbanApp app) : CardMutationTestBase(app)
{
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
}

public sealed class SqliteCardHistoryTests(SqliteApp app) : CardHistoryTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardHistoryTests(PostgresApp app) : CardHistoryTests(app), IClassFixture<PostgresApp>;

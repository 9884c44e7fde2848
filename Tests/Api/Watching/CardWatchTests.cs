using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Who watches a card: those who take part in it on their own (report, evidence, vote, an insight landing on it), anyone
/// who can read it on request; a merge hands the watchers over, a removed member stops watching.
/// </summary>
public abstract class CardWatchTests(KanbanApp app) : InsightTestBase(app)
{
    private const string Watching = "watcherCount viewerIsWatching";

    [Fact]
    public async Task Taking_part_in_a_card_watches_it()
    {
        var board = await BoardWithViewerAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId, "Invoices cannot be exported")).Str("id");
        Assert.Equal((1, false), Tally(await Bob.CardAsync(cardId, Watching)));

        Assert.Null((await Bob.MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        Assert.Null((await Carol.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "QUOTE", content = "I copy them by hand", source = "call" },
            "card { id }")).Errors);
        Assert.Null((await AttachAsync(Alice, await SubmittedAsync(Vera, board.BoardId), cardId)).Errors);

        foreach (var client in new[] { Alice, Bob, Carol, Vera })
            Assert.Equal((4, true), Tally(await client.CardAsync(cardId, Watching)));
    }

    [Fact]
    public async Task Anyone_who_can_read_a_card_may_watch_and_unwatch_it_and_each_is_idempotent()
    {
        var board = await BoardWithViewerAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");

        var first = await WatchAsync(Vera, "watchCard", cardId);
        var second = await WatchAsync(Vera, "watchCard", cardId);
        var asBob = await Bob.CardAsync(cardId, Watching);
        var unwatched = await WatchAsync(Vera, "unwatchCard", cardId);
        var again = await WatchAsync(Vera, "unwatchCard", cardId);
        var aliceLeaves = await WatchAsync(Alice, "unwatchCard", cardId);

        Assert.Equal([(2, true), (2, true), (2, false), (1, false), (1, false), (0, false)],
            new[] { first, second, asBob, unwatched, again, aliceLeaves }.Select(Tally));
    }

    [Fact]
    public async Task A_merge_hands_the_watchers_over_and_a_removed_member_stops_watching()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var duplicate = (await Alice.CreateCardAsync(board.BoardId, "Export fails")).Str("id");
        var target = (await Alice.CreateCardAsync(board.BoardId, "Exports fail")).Str("id");
        Assert.Null((await Bob.MutateAsync("vote", "VoteInput", new { cardId = duplicate }, "card { id }")).Errors);
        Assert.Null((await WatchResponseAsync(Carol, "watchCard", target)).Errors);

        Assert.Null((await Alice.MutateAsync("mergeCards", "MergeCardsInput", new { sourceCardId = duplicate, targetCardId = target }, "target { id }")).Errors);
        var merged = await Bob.CardAsync(target, Watching);
        Assert.Null((await Alice.MutateAsync("removeMember", "RemoveMemberInput", new { boardId = board.BoardId, userId = "bob" }, "removedUserId")).Errors);
        var afterRemoval = await Alice.CardAsync(target, Watching);

        Assert.Equal((3, true), Tally(merged));
        Assert.Equal((2, true), Tally(afterRemoval));
    }

    [Fact]
    public async Task Watching_an_unknown_card_is_refused()
    {
        var response = await WatchResponseAsync(Alice, "watchCard", KanbanCustomer.Api.Common.Ids.Global("Card", Guid.NewGuid()));

        Assert.Equal("NOT_FOUND", response.ErrorCode);
    }

    private static Task<GraphQLResponse> WatchResponseAsync(GraphQLClient client, string mutation, string cardId) =>
        client.MutateAsync(mutation, "WatchCardInput", new { cardId }, $"card {{ id {Watching} }}");

    private static async Task<JsonElement> WatchAsync(GraphQLClient client, string mutation, string cardId)
    {
        var response = await WatchResponseAsync(client, mutation, cardId);
        Assert.True(response.Errors is null, response.Text);
        return response.Data.At($"{mutation}.card");
    }

    private static (int Count, bool Mine) Tally(JsonElement card) => (card.Number("watcherCount"), card.GetProperty("viewerIsWatching").GetBoolean());
}

public sealed class SqliteCardWatchTests(SqliteApp app) : CardWatchTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardWatchTests(PostgresApp app) : CardWatchTests(app), IClassFixture<PostgresApp>;

using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Board.insights and Board.newInsightCount: order, paging, the status and mine filters, and the count's cost.</summary>
public abstract class InsightInboxTests(KanbanApp app) : InsightTestBase(app)
{
    private static readonly string[] NewOnly = ["NEW"];
    private static readonly string[] DismissedOnly = ["DISMISSED"];

    private const string InboxQuery =
        "query($id: ID!, $status: [InsightStatus!], $mine: Boolean, $first: Int, $after: String) { board(id: $id) { newInsightCount " +
        "insights(status: $status, mine: $mine, first: $first, after: $after) { totalCount nodes { id text status card { id } dismissReason } pageInfo { hasNextPage endCursor } } } }";

    private static async Task<List<string>> TextsAsync(GraphQLClient client, string boardId, string[]? status = null, bool? mine = null) =>
        (await client.DataAsync(InboxQuery, new { id = boardId, status, mine })).Nodes("board.insights").Select(i => i.Str("text")).ToList();

    /// <summary>Five insights a minute apart: vera's "one", "three", "five", bob's "two", "four"; then "one" attached, "two" dismissed, "three" promoted.</summary>
    private async Task<(BoardIds Board, string Card, Dictionary<string, string> Insights)> TriagedInboxAsync()
    {
        var board = await BoardWithViewerAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var insights = new Dictionary<string, string>();
        foreach (var (text, client) in new[] { ("one", Vera), ("two", Bob), ("three", Vera), ("four", Bob), ("five", Vera) })
        {
            insights[text] = await SubmittedAsync(client, board.BoardId, text);
            App.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.True((await AttachAsync(Carol, insights["one"], card)).Errors is null);
        Assert.True((await DismissAsync(Carol, insights["two"], "Duplicate of a known problem")).Errors is null);
        Assert.True((await PromoteAsync(Carol, new { insightId = insights["three"], title = "Three became a card" })).Errors is null);
        return (board, card, insights);
    }

    [Fact]
    public async Task The_inbox_lists_newest_first_and_pages_by_cursor()
    {
        var (board, _, _) = await TriagedInboxAsync();

        var first = await Alice.DataAsync(InboxQuery, new { id = board.BoardId, first = 2 });
        var second = await Alice.DataAsync(InboxQuery, new { id = board.BoardId, first = 2, after = first.Str("board.insights.pageInfo.endCursor") });
        var third = await Alice.DataAsync(InboxQuery, new { id = board.BoardId, first = 2, after = second.Str("board.insights.pageInfo.endCursor") });

        Assert.Equal(["five", "four", "three", "two", "one"], new[] { first, second, third }.SelectMany(p => p.Nodes("board.insights")).Select(i => i.Str("text")));
        Assert.Equal((true, true, false), (first.At("board.insights.pageInfo.hasNextPage").GetBoolean(),
            second.At("board.insights.pageInfo.hasNextPage").GetBoolean(), third.At("board.insights.pageInfo.hasNextPage").GetBoolean()));
        Assert.Equal(5, first.Number("board.insights.totalCount"));
    }

    [Fact]
    public async Task The_status_filter_picks_the_inbox_or_what_became_of_the_others_and_the_new_count_follows_triage()
    {
        var (board, _, _) = await TriagedInboxAsync();

        Assert.Equal(["five", "four"], await TextsAsync(Vera, board.BoardId, ["NEW"]));
        Assert.Equal(["three", "one"], await TextsAsync(Vera, board.BoardId, ["ATTACHED", "PROMOTED"]));
        Assert.Equal(["two"], await TextsAsync(Vera, board.BoardId, ["DISMISSED"]));
        Assert.Empty(await TextsAsync(Vera, board.BoardId, []));
        var counted = await Vera.DataAsync(InboxQuery, new { id = board.BoardId, status = NewOnly });
        Assert.Equal((2, 2), (counted.Number("board.newInsightCount"), counted.Number("board.insights.totalCount")));
    }

    [Fact]
    public async Task With_mine_the_submitter_sees_only_their_own_and_what_became_of_each()
    {
        var (board, card, _) = await TriagedInboxAsync();

        var vera = (await Vera.DataAsync(InboxQuery, new { id = board.BoardId, mine = true })).Nodes("board.insights");
        var bobsNew = await TextsAsync(Bob, board.BoardId, ["NEW"], mine: true);
        var alices = await TextsAsync(Alice, board.BoardId, mine: true);

        Assert.Equal([("five", "NEW"), ("three", "PROMOTED"), ("one", "ATTACHED")], vera.Select(i => (i.Str("text"), i.Str("status"))));
        Assert.Equal(card, vera[2].Str("card.id"));
        Assert.NotEqual(card, vera[1].Str("card.id"));
        Assert.Equal(["four"], bobsNew);
        Assert.Equal("Duplicate of a known problem", (await Bob.DataAsync(InboxQuery, new { id = board.BoardId, mine = true, status = DismissedOnly }))
            .Nodes("board.insights").Single().Str("dismissReason"));
        Assert.Empty(alices);
    }

    [Fact]
    public async Task The_new_counts_of_many_boards_are_one_statement()
    {
        var boards = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var board = await BoardWithViewerAsync();
            for (var n = 0; n <= i; n++)
                await SubmittedAsync(Vera, board.BoardId, $"Insight {n}");
            boards.Add(board.BoardId);
        }

        App.Commands.Reset();
        var data = await Vera.DataAsync("{ boards(first: 500) { nodes { id newInsightCount } } }");
        var commands = App.Commands.Commands;

        var byBoard = data.Nodes("boards").ToDictionary(b => b.Str("id"), b => b.Number("newInsightCount"));
        Assert.Equal([1, 2, 3], boards.Select(b => byBoard[b]));
        Assert.Single(commands, c => c.Contains("\"Insights\"", StringComparison.Ordinal) && c.Contains("COUNT", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class SqliteInsightInboxTests(SqliteApp app) : InsightInboxTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresInsightInboxTests(PostgresApp app) : InsightInboxTests(app), IClassFixture<PostgresApp>;

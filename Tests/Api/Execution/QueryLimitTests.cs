using System.Net;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KanbanCustomer.Tests.Api;

/// <summary>The default limits on a GraphQL document: page sizes, depth, cost, length and aliases.</summary>
public sealed class QueryLimitTests(SqliteApp app) : LimitTestBase(app), IClassFixture<SqliteApp>
{
    private const string RichBoardQuery = """
        query($id: ID!) {
          board(id: $id) {
            id name lastEventSeq
            swimlanes { id name customerKind }
            columns {
              id name wipLimit cardCount
              cards(first: 10) {
                nodes {
                  id title tags voteCount viewerHasVoted rank version
                  column { id name } swimlane { id name }
                  evidence(first: 5) { nodes { id kind content source } }
                  events(first: 5) { nodes { seq type actor { name } } }
                }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task A_rich_board_query_passes_under_the_default_limits()
    {
        var board = await Alice.CreateBoardAsync("Rich");
        for (var i = 0; i < 6; i++)
        {
            var card = await Alice.CreateCardAsync(board.BoardId, $"Problem {i}", board.ColumnIds[i % board.ColumnIds.Count]);
            Assert.Null((await Alice.MutateAsync("addEvidence", "AddEvidenceInput",
                new { cardId = card.Str("id"), kind = "QUOTE", content = "It hurts", source = "Support" }, "card { id }")).Errors);
            Assert.Null((await Alice.ChangeCardAsync("vote", "VoteInput", new { cardId = card.Str("id") })).Errors);
        }

        var data = await Alice.DataAsync(RichBoardQuery, new { id = board.BoardId });

        var cards = data.At("board.columns").EnumerateArray().SelectMany(c => c.Nodes("cards")).ToList();
        Assert.Equal(6, cards.Count);
        Assert.All(cards, c => Assert.Single(c.Nodes("evidence")));
        Assert.All(cards, c => Assert.Equal(3, c.Nodes("events").Count));
    }

    [Fact]
    public async Task The_READMEs_example_query_over_all_boards_passes_under_the_default_limits()
    {
        await Alice.CreateBoardAsync("README example");

        // Each connection asks for a page (the defaults of 50 nested three deep would cost far over 5000): about 3,700.
        var data = await Alice.DataAsync(
            "{ boards(first: 10) { nodes { name columns { name cards(first: 5) { nodes { title voteCount evidence(first: 5) { nodes { kind content } } } } } } } }");

        Assert.Contains("README example", data.Nodes("boards").Select(b => b.Str("name")));
    }

    [Fact]
    public async Task First_cuts_boards_cards_and_events_to_their_first_items()
    {
        await Alice.CreateBoardAsync("Paged A");
        var board = await Alice.CreateBoardAsync("Paged B");
        var first = await Alice.CreateCardAsync(board.BoardId, "First");
        await Alice.CreateCardAsync(board.BoardId, "Second");
        await Alice.CreateCardAsync(board.BoardId, "Third");
        Assert.Null((await Alice.ChangeCardAsync("blockCard", "BlockCardInput", new { cardId = first.Str("id"), reason = "Waiting" })).Errors);

        var data = await Alice.DataAsync("""
            query($id: ID!) {
              boards(first: 1) { nodes { id } pageInfo { hasNextPage } }
              board(id: $id) {
                cards(first: 2) { nodes { title } pageInfo { hasNextPage } }
                columns { cards(first: 1) { nodes { title events(first: 1) { nodes { type } pageInfo { hasNextPage } } } } }
              }
            }
            """, new { id = board.BoardId });

        Assert.Single(data.Nodes("boards"));
        Assert.True(data.At("boards.pageInfo.hasNextPage").GetBoolean());
        Assert.Equal(["First", "Second"], data.Nodes("board.cards").Select(c => c.Str("title")));
        Assert.True(data.At("board.cards.pageInfo.hasNextPage").GetBoolean());
        var reported = data.Nodes("board.columns.0.cards");
        Assert.Single(reported);
        Assert.Equal("First", reported[0].Str("title"));
        Assert.Equal(["CardCreated"], reported[0].Nodes("events").Select(e => e.Str("type")));
        Assert.True(reported[0].At("events.pageInfo.hasNextPage").GetBoolean());
    }

    [Fact]
    public async Task First_may_be_as_large_as_the_page_size_limit()
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.CreateCardAsync(board.BoardId);

        var data = await Alice.DataAsync("query($id: ID!) { board(id: $id) { cards(first: 500) { nodes { id } } } }", new { id = board.BoardId });

        Assert.Single(data.Nodes("board.cards"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(501)]
    [InlineData(1_000_000)]
    public async Task First_outside_1_to_500_is_VALIDATION_on_first_and_the_mutation_holding_it_does_not_run(int first)
    {
        var name = UniqueName();

        var response = await Alice.SendAsync(
            $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id cards(first: {first}) {{ nodes {{ id }} }} }} }} }}");

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("first", response.FirstErrorExtensions.Str("field"));
        AssertNotExecuted(response);
        Assert.DoesNotContain(name, await BoardNamesAsync(Alice));
    }

    [Fact]
    public async Task First_given_in_a_variable_is_checked_before_execution_too()
    {
        var response = await Alice.SendAsync("query($n: Int) { boards(first: $n) { nodes { id } } }", new { n = 100_000 });

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("first", response.FirstErrorExtensions.Str("field"));
        AssertNotExecuted(response);
    }

    [Fact]
    public async Task An_operation_at_the_default_depth_runs_and_one_level_deeper_is_DEPTH_LIMIT_EXCEEDED()
    {
        var board = await Alice.CreateBoardAsync();

        // Depth counts every level, leaves included: board (1) ... id (12); a connection's nodes is a level of its own.
        var atLimit = await Alice.SendAsync($"query($id: ID!) {{ board(id: $id) {{ {Nested(10, "id")} }} }}", new { id = board.BoardId });
        var over = await Alice.SendAsync($"query($id: ID!) {{ board(id: $id) {{ {Nested(11, "totalCount")} }} }}", new { id = board.BoardId });

        Assert.True(atLimit.Errors is null, atLimit.Text);
        Assert.Equal("DEPTH_LIMIT_EXCEEDED", over.ErrorCode);
        AssertNotExecuted(over);
    }

    [Fact]
    public async Task Nested_lists_beyond_the_cost_budget_are_COST_LIMIT_EXCEEDED_and_the_mutation_does_not_run()
    {
        var name = UniqueName();

        var response = await Alice.SendAsync(
            $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ cards(first: 100) {{ nodes {{ events(first: 100) {{ nodes {{ seq }} }} }} }} }} }} }}");

        Assert.Equal("COST_LIMIT_EXCEEDED", response.ErrorCode);
        AssertNotExecuted(response);
        Assert.DoesNotContain(name, await BoardNamesAsync(Alice));
    }

    [Fact]
    public async Task A_query_over_the_length_limit_is_400_QUERY_TOO_LONG_and_runs_nothing()
    {
        var name = UniqueName();
        var query = CreateBoard(name) + "\n#" + new string('x', 20_000);

        var response = await Alice.SendAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("QUERY_TOO_LONG", response.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync(Alice));
    }

    [Fact]
    public async Task Thirty_aliases_pass_under_the_defaults_and_the_thirty_first_is_TOO_MANY_ALIASES()
    {
        var thirty = await Alice.SendAsync("{ " + Aliases(30, "viewer { id }") + " }");
        var thirtyOne = await Alice.SendAsync("{ " + Aliases(31, "viewer { id }") + " }");

        Assert.True(thirty.Errors is null, thirty.Text);
        Assert.Equal("TOO_MANY_ALIASES", thirtyOne.ErrorCode);
        AssertNotExecuted(thirtyOne);
    }

    /// <summary>Lists nested <paramref name="levels"/> deep (columns, cards, nodes, column, cards, nodes ...), each cut to one item.</summary>
    private static string Nested(int levels, string leaf)
    {
        var names = Enumerable.Range(0, levels).Select(i => i == 0 ? "columns" : ((i - 1) % 3) switch { 0 => "cards(first: 1)", 1 => "nodes", _ => "column" });
        return string.Concat(names.Select(n => n + " { ")) + leaf + string.Concat(Enumerable.Repeat(" }", levels));
    }

    private static string Aliases(int count, string field) => string.Join(" ", Enumerable.Range(0, count).Select(i => $"a{i}: {field}"));
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Api.Transport;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace KanbanCustomer.Tests.Api;

/// <summary>Every <c>GraphQL:</c> limit set small, to show each key is read and where its edge lies.</summary>
public sealed class SmallLimitsApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int MaxAliases = 2;
    public const int MaxFields = 8;
    public const int MaxDepth = 4;
    public const int MaxComplexity = 40;
    public const int MaxPageSize = 10;
    public const int DefaultPageSize = MaxPageSize;
    public const int MaxQueryLength = 300;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:MaxAliases"] = Text(MaxAliases),
        ["GraphQL:MaxFields"] = Text(MaxFields),
        ["GraphQL:MaxDepth"] = Text(MaxDepth),
        ["GraphQL:MaxComplexity"] = Text(MaxComplexity),
        ["GraphQL:AssumedListSize"] = "3",
        ["GraphQL:MaxPageSize"] = Text(MaxPageSize),
        // The default page must fit in the largest one, or the server refuses to start.
        ["GraphQL:DefaultPageSize"] = Text(DefaultPageSize),
        ["GraphQL:MaxQueryLength"] = Text(MaxQueryLength),
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Three requests a minute per user: the rate limiter as a client meets it.</summary>
public sealed class TinyRateLimitApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int PermitLimit = 3;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:RateLimit:Enabled"] = "true",
        ["GraphQL:RateLimit:PermitLimit"] = PermitLimit.ToString(CultureInfo.InvariantCulture),
        ["GraphQL:RateLimit:WindowSeconds"] = "60",
    };
}

/// <summary>A one-millisecond execution timeout: any query that touches the database runs out of time.</summary>
public sealed class TinyTimeoutApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:ExecutionTimeout"] = "00:00:00.001" };
}

/// <summary>
/// The limits of the GraphQL endpoint: what the defaults let through (a real board screen), where each configured
/// limit refuses, with which code, and that a refused document runs nothing. Attacks as tools send them: <see cref="AttackTests"/>.
/// </summary>
public sealed class LimitTests(SqliteApp app, SmallLimitsApp small, TinyRateLimitApp rateLimited, TinyTimeoutApp slow)
    : ApiTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallLimitsApp>, IClassFixture<TinyRateLimitApp>, IClassFixture<TinyTimeoutApp>
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

    [Theory]
    [InlineData("{ a: viewer { id } b: viewer { id } c: viewer { id } }", "TOO_MANY_ALIASES")]
    [InlineData("{ viewer { id name id name id name id name } }", "TOO_MANY_FIELDS")]
    [InlineData("{ boards(first: 1) { nodes { columns { cards(first: 1) { totalCount } } } } }", "DEPTH_LIMIT_EXCEEDED")]
    // Within the depth, but a default page of 10 boards of 3 assumed columns of 2 fields costs 72.
    [InlineData("{ boards { nodes { columns { id name } } } }", "COST_LIMIT_EXCEEDED")]
    [InlineData("{ boards(first: 11) { nodes { id } } }", "VALIDATION")]
    [InlineData("{ boards(last: 11) { nodes { id } } }", "VALIDATION")]
    public async Task Each_limit_is_read_from_configuration(string query, string code)
    {
        var response = await small.ClientFor("alice").SendAsync(query);

        Assert.Equal(code, response.ErrorCode);
        AssertNotExecuted(response);
    }

    [Theory]
    [InlineData("{ a: viewer { id } b: viewer { id } }")]
    [InlineData("{ viewer { id name id name id name id } }")]
    [InlineData("{ boards(first: 1) { nodes { columns { id } } } }")]
    [InlineData("{ boards(first: 10) { nodes { id } } }")]
    public async Task What_is_within_configured_limits_runs(string query)
    {
        var response = await small.ClientFor("alice").SendAsync(query);

        Assert.True(response.Errors is null, response.Text);
    }

    [Fact]
    public async Task The_configured_query_length_is_enforced()
    {
        var client = small.ClientFor("alice");

        var within = await client.SendAsync("{ viewer { id } }" + new string(' ', SmallLimitsApp.MaxQueryLength - 17));
        var over = await client.SendAsync("{ viewer { id } }" + new string(' ', SmallLimitsApp.MaxQueryLength - 16));

        Assert.True(within.Errors is null, within.Text);
        Assert.Equal("QUERY_TOO_LONG", over.ErrorCode);
    }

    [Fact]
    public async Task Over_the_rate_limit_a_user_gets_429_with_Retry_After_and_the_request_does_not_run()
    {
        var user = rateLimited.ClientFor("user-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < TinyRateLimitApp.PermitLimit; i++)
            Assert.Equal(HttpStatusCode.OK, (await user.SendAsync("{ viewer { id } }")).Status);
        var name = UniqueName();

        using var request = JsonPost(CreateBoard(name));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var response = await user.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("RATE_LIMITED", body.ErrorCode);
        Assert.Equal("application/json", body.MediaType);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.DoesNotContain(name, await BoardNamesAsync(rateLimited.ClientFor("checker-" + Guid.NewGuid().ToString("N"))));
    }

    [Fact]
    public async Task One_user_over_the_rate_limit_does_not_limit_another()
    {
        var greedy = rateLimited.ClientFor("greedy-" + Guid.NewGuid().ToString("N"));
        var other = rateLimited.ClientFor("other-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < TinyRateLimitApp.PermitLimit + 2; i++)
            await greedy.SendAsync("{ viewer { id } }");

        var response = await other.SendAsync("{ viewer { userId } }");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await greedy.SendAsync("{ viewer { id } }")).Status);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("other-", response.Data.Str("viewer.userId"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_without_a_token_are_limited_by_client_address_not_as_any_user()
    {
        var anonymous = rateLimited.AnonymousClient();
        for (var i = 0; i < TinyRateLimitApp.PermitLimit; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync("{ viewer { id } }")).Status);

        var limited = await anonymous.SendAsync("{ viewer { id } }");
        var signedIn = await rateLimited.ClientFor("signed-in-" + Guid.NewGuid().ToString("N")).SendAsync("{ viewer { id } }");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("RATE_LIMITED", limited.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.Status);
    }

    [Fact]
    public async Task An_operation_that_runs_out_of_time_is_TIMEOUT()
    {
        var client = slow.ClientFor("alice");

        // A warm process can answer an empty board list within the millisecond; one of a few tries runs out of time.
        // Each try is a document of its own, so none is answered from the response cache.
        GraphQLResponse response;
        var tries = 0;
        do
        {
            response = await client.SendAsync(
                $"query Try{tries} {{ boards(first: 5) {{ nodes {{ id name columns {{ id cards(first: 5) {{ nodes {{ id title events(first: 5) {{ nodes {{ seq }} }} }} }} }} swimlanes {{ id }} }} }} }}");
        }
        while (response.ErrorCode is null && ++tries < 20);

        Assert.Equal("TIMEOUT", response.ErrorCode);
        Assert.DoesNotContain("Exception", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_POST_carrying_GraphQL_Require_Preflight_runs()
    {
        using var request = JsonPost("{ viewer { userId } }");
        request.Headers.Add("GraphQL-Require-Preflight", "1");

        var response = await Alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("alice", response.Data.Str("viewer.userId"));
    }

    [Fact]
    public async Task A_preflight_header_does_not_make_a_text_plain_POST_acceptable()
    {
        var name = UniqueName();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query = CreateBoard(name) }), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("GraphQL-Require-Preflight", "1");

        var response = await Alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.DoesNotContain(name, await BoardNamesAsync(Alice));
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void Introspection_and_suggestions_default_to_on_in_Development_only(string environment, bool expected)
    {
        var limits = GraphQLLimits.From(new ConfigurationBuilder().Build(), new Environment(environment));

        Assert.Equal(expected, limits.EnableIntrospection);
        Assert.Equal(expected, limits.ExposeSuggestions);
    }

    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var limits = GraphQLLimits.From(new ConfigurationBuilder().Build(), new Environment("Production"));

        Assert.Equal(100_000, limits.MaxRequestBytes);
        Assert.Equal(20_000, limits.MaxQueryLength);
        Assert.Equal(12, limits.MaxDepth);
        Assert.Equal(5_000, limits.MaxComplexity);
        Assert.Equal(5, limits.AssumedListSize);
        Assert.Equal(500, limits.MaxPageSize);
        Assert.Equal(50, limits.DefaultPageSize);
        Assert.Equal(30, limits.MaxAliases);
        Assert.Equal(400, limits.MaxFields);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.ExecutionTimeout);
        Assert.True(limits.RateLimit.Enabled);
        Assert.Equal(300, limits.RateLimit.PermitLimit);
        Assert.Equal(60, limits.RateLimit.WindowSeconds);
    }

    [Theory]
    [InlineData("GraphQL:MaxDepth", "0")]
    [InlineData("GraphQL:MaxPageSize", "-5")]
    [InlineData("GraphQL:ExecutionTimeout", "00:00:00")]
    [InlineData("GraphQL:RateLimit:PermitLimit", "0")]
    public void A_limit_that_is_not_positive_stops_the_server_from_starting(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => GraphQLLimits.From(configuration, new Environment("Production")));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Lists nested <paramref name="levels"/> deep (columns, cards, nodes, column, cards, nodes ...), each cut to one item.</summary>
    private static string Nested(int levels, string leaf)
    {
        var names = Enumerable.Range(0, levels).Select(i => i == 0 ? "columns" : ((i - 1) % 3) switch { 0 => "cards(first: 1)", 1 => "nodes", _ => "column" });
        return string.Concat(names.Select(n => n + " { ")) + leaf + string.Concat(Enumerable.Repeat(" }", levels));
    }

    private static string Aliases(int count, string field) => string.Join(" ", Enumerable.Range(0, count).Select(i => $"a{i}: {field}"));

    private static string CreateBoard(string name) => $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}";

    private static string UniqueName() => "Board " + Guid.NewGuid().ToString("N");

    private static HttpRequestMessage JsonPost(string query) => new(HttpMethod.Post, "/graphql")
    {
        Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
    };

    /// <summary>A refused document has no <c>data</c> at all: nothing of it was executed.</summary>
    private static void AssertNotExecuted(GraphQLResponse response) =>
        Assert.False(response.Root.TryGetProperty("data", out _), $"Expected no 'data', got {response.Text}");

    private static async Task<IReadOnlyList<string>> BoardNamesAsync(GraphQLClient client) =>
        (await client.AllBoardsAsync("name")).Select(b => b.Str("name")).ToList();

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "KanbanCustomer.Api";

        public string ContentRootPath { get; set; } = "";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>The server as deployed: Production's defaults (no introspection, no suggestions, rate limit on).</summary>
public sealed class ProductionApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override string Environment => "Production";
}

/// <summary>The server as a developer runs it: Development's defaults (introspection and suggestions on).</summary>
public sealed class DevelopmentApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override string Environment => "Development";
}

/// <summary>Production with a database that has no tables (migrations off): every read fails inside the server.</summary>
public sealed class BrokenDatabaseApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override string Environment => "Production";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" };
}

/// <summary>
/// What GraphQL attack tools (graphql-cop, InQL, Escape) try, sent to the server with its Production defaults. Each
/// refusal carries a clear code, and a mutation inside the refused document has created nothing. Mutations over
/// GET and form posts are refused in <see cref="HttpGetTests"/> and <see cref="HttpRequestBodyTests"/>.
/// </summary>
public sealed class AttackTests(ProductionApp production, DevelopmentApp development, SqliteApp testing, BrokenDatabaseApp broken)
    : IClassFixture<ProductionApp>, IClassFixture<DevelopmentApp>, IClassFixture<SqliteApp>, IClassFixture<BrokenDatabaseApp>
{
    private GraphQLClient Alice => production.ClientFor("alice", "Alice");

    [Fact]
    public async Task A_hundred_and_one_aliases_of_one_mutation_are_TOO_MANY_ALIASES_and_create_nothing()
    {
        var name = UniqueName();
        var aliases = Enumerable.Range(0, 101).Select(i => $"b{i}: createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }}");

        var response = await Alice.SendAsync($"mutation {{ {string.Join(" ", aliases)} }}");

        Assert.Equal("TOO_MANY_ALIASES", response.ErrorCode);
        await AssertNothingRanAsync(response, name);
    }

    [Fact]
    public async Task Five_hundred_duplicated_fields_are_TOO_MANY_FIELDS_and_create_nothing()
    {
        var name = UniqueName();

        var response = await Alice.SendAsync(
            $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ {string.Join(" ", Enumerable.Repeat("id", 500))} }} }} }}");

        Assert.Equal("TOO_MANY_FIELDS", response.ErrorCode);
        await AssertNothingRanAsync(response, name);
    }

    [Fact]
    public async Task Five_hundred_duplicated_typenames_are_TOO_MANY_FIELDS()
    {
        var response = await Alice.SendAsync($"query cop {{ {string.Join(" ", Enumerable.Repeat("__typename", 500))} }}");

        Assert.Equal("TOO_MANY_FIELDS", response.ErrorCode);
        AssertNotExecuted(response);
    }

    [Fact]
    public async Task Nesting_twenty_levels_deep_is_DEPTH_LIMIT_EXCEEDED_and_creates_nothing()
    {
        var name = UniqueName();
        // createBoard, board, columns, then cards / nodes / column in turn: 20 levels with the leaf.
        var levels = Enumerable.Range(0, 18).Select(i => i switch { 0 => "board", 1 => "columns", _ => ((i - 2) % 3) switch { 0 => "cards", 1 => "nodes", _ => "column" } }).ToList();
        var leaf = levels[^1] == "cards" ? "totalCount" : "id";
        var selection = string.Concat(levels.Select(l => l + " { ")) + leaf + string.Concat(Enumerable.Repeat(" }", levels.Count));

        var response = await Alice.SendAsync($"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ {selection} }} }}");

        Assert.Equal("DEPTH_LIMIT_EXCEEDED", response.ErrorCode);
        await AssertNothingRanAsync(response, name);
    }

    [Fact]
    public async Task Circular_fragments_are_GRAPHQL_VALIDATION_FAILED_and_create_nothing()
    {
        var name = UniqueName();
        var document = $$"""
            mutation { ...Make }
            fragment Make on Mutation { createBoard(input: { name: "{{name}}" }) { board { ...A } } }
            fragment A on Board { id columns { id } ...B }
            fragment B on Board { name ...A }
            """;

        var response = await Alice.SendAsync(document);

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.ErrorCode);
        await AssertNothingRanAsync(response, name);
    }

    [Fact]
    public async Task Fifty_repeated_directives_on_one_field_are_GRAPHQL_VALIDATION_FAILED_and_create_nothing()
    {
        var name = UniqueName();
        var directives = string.Join(" ", Enumerable.Repeat("@include(if: true)", 50));

        var response = await Alice.SendAsync($"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {directives} {{ board {{ id }} }} }}");

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.ErrorCode);
        await AssertNothingRanAsync(response, name);
    }

    [Fact]
    public async Task A_batch_of_ten_operations_is_400_BATCH_NOT_SUPPORTED_and_runs_none()
    {
        var names = Enumerable.Range(0, 10).Select(_ => UniqueName()).ToList();
        var batch = "[" + string.Join(",", names.Select(n => JsonSerializer.Serialize(new { query = CreateBoard(n) }))) + "]";

        var response = await Alice.SendAsync(JsonPost(batch));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("BATCH_NOT_SUPPORTED", response.ErrorCode);
        var existing = await BoardNamesAsync();
        Assert.All(names, n => Assert.DoesNotContain(n, existing));
    }

    [Theory]
    [InlineData("{ __schema { types { name } } }")]
    [InlineData("{ __type(name: \"Board\") { name fields { name } } }")]
    [InlineData("query { viewer { id } __schema { queryType { name } } }")]
    public async Task Introspection_is_refused_in_Production(string query)
    {
        var response = await Alice.SendAsync(query);

        Assert.Equal("INTROSPECTION_DISABLED", response.ErrorCode);
        AssertNotExecuted(response);
    }

    [Fact]
    public async Task The_SDL_is_not_served_in_Production()
    {
        using var http = production.CreateClient();

        using var response = await http.GetAsync(new Uri("/graphql/schema.graphql", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_standard_introspection_query_runs_in_Development()
    {
        var data = await development.ClientFor("alice").DataAsync(IntrospectionQuery);

        Assert.Equal("Query", data.Str("__schema.queryType.name"));
        Assert.Contains("Board", data.At("__schema.types").EnumerateArray().Select(t => t.Str("name")));
    }

    [Fact]
    public async Task Introspection_runs_in_Testing()
    {
        var data = await testing.ClientFor("alice").DataAsync("{ __type(name: \"Board\") { name fields { name } } }");

        Assert.Equal("Board", data.Str("__type.name"));
    }

    [Fact]
    public async Task Introspection_that_nests_the_schema_inside_itself_is_INTROSPECTION_TOO_DEEP()
    {
        var response = await development.ClientFor("alice").SendAsync(
            "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }");

        Assert.Equal("INTROSPECTION_TOO_DEEP", response.ErrorCode);
        AssertNotExecuted(response);
    }

    [Theory]
    [InlineData("{ boardz { id } }")]
    [InlineData("{ boards { nodes { nam } } }")]
    [InlineData("{ boards(firs: 1) { nodes { id } } }")]
    public async Task Error_messages_suggest_no_schema_names_in_Production_but_do_in_Development(string query)
    {
        var inProduction = await Alice.SendAsync(query);
        var inDevelopment = await development.ClientFor("alice").SendAsync(query);

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", inProduction.ErrorCode);
        Assert.DoesNotContain("Did you mean", inProduction.Text, StringComparison.Ordinal);
        Assert.Contains("Did you mean", inDevelopment.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_of_a_million_is_VALIDATION_and_the_mutation_holding_it_creates_nothing()
    {
        var name = UniqueName();

        var response = await Alice.SendAsync(
            $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ cards(first: 1000000) {{ nodes {{ id }} }} }} }} }}");

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("first", response.FirstErrorExtensions.Str("field"));
        await AssertNothingRanAsync(response, name);
    }

    [Fact]
    public async Task A_ten_megabyte_body_is_413_at_once_and_runs_nothing()
    {
        var name = UniqueName();
        var body = JsonSerializer.Serialize(new { query = CreateBoard(name), variables = new { padding = new string('x', 10 * 1024 * 1024) } });
        var clock = Stopwatch.StartNew();

        var response = await Alice.SendAsync(JsonPost(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("REQUEST_TOO_LARGE", response.ErrorCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}");
        Assert.DoesNotContain(name, await BoardNamesAsync());
    }

    [Fact]
    public async Task A_failure_inside_the_server_shows_no_exception_details_in_Production()
    {
        var response = await broken.ClientFor("alice").SendAsync("{ boards { nodes { id name } } }");

        Assert.Equal("INTERNAL_SERVER_ERROR", response.ErrorCode);
        foreach (var leak in new[] { "no such table", "SQLite", "Exception", "   at " })
            Assert.DoesNotContain(leak, response.Text, StringComparison.OrdinalIgnoreCase);
    }

    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;

    private static string CreateBoard(string name) => $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}";

    private static string UniqueName() => "Board " + Guid.NewGuid().ToString("N");

    private static HttpRequestMessage JsonPost(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static void AssertNotExecuted(GraphQLResponse response) =>
        Assert.False(response.Root.TryGetProperty("data", out _), $"Expected no 'data', got {response.Text}");

    private async Task AssertNothingRanAsync(GraphQLResponse response, string boardName)
    {
        AssertNotExecuted(response);
        Assert.DoesNotContain(boardName, await BoardNamesAsync());
    }

    private async Task<IReadOnlyList<string>> BoardNamesAsync() =>
        (await Alice.AllBoardsAsync("name")).Select(b => b.Str("name")).ToList();
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>The server with a 10 kB request limit, so "too large" is cheap to send.</summary>
public sealed class SmallRequestLimitApp() : KanbanApp(new SqliteTestDatabase())
{
    public const int MaxRequestBytes = 10_000;

    protected override IDictionary<string, string?> ExtraSettings =>
        new Dictionary<string, string?> { ["GraphQL:MaxRequestBytes"] = MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

/// <summary>
/// GraphQL over HTTP as a client meets it: methods, content types, Accept, limits and refusals.
/// The database does not matter here, so these run on SQLite only.
/// </summary>
public sealed class HttpTransportTests(SqliteApp app, SmallRequestLimitApp smallLimitApp)
    : ApiTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallRequestLimitApp>
{
    private const string GraphQLResponseJson = "application/graphql-response+json";
    private const string ViewerQuery = "{ viewer { userId name } }";

    [Fact]
    public async Task A_JSON_POST_runs_the_query_and_answers_in_application_json()
    {
        var reply = await SendAsync(Post(Body(ViewerQuery)));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.Body.MediaType);
        Assert.Null(reply.Body.Errors);
        Assert.Equal("alice", reply.Body.Data.Str("viewer.userId"));
        Assert.Equal("Alice", reply.Body.Data.Str("viewer.name"));
    }

    [Fact]
    public async Task A_JSON_content_type_with_a_UTF8_charset_is_accepted()
    {
        var reply = await SendAsync(Post(Body(ViewerQuery), "application/json; charset=utf-8"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("alice", reply.Body.Data.Str("viewer.userId"));
    }

    [Fact]
    public async Task A_client_accepting_graphql_response_json_gets_that_content_type()
    {
        var reply = await SendAsync(Post(Body(ViewerQuery), accept: GraphQLResponseJson));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(GraphQLResponseJson, reply.Body.MediaType);
        Assert.Equal("alice", reply.Body.Data.Str("viewer.userId"));
    }

    [Fact]
    public async Task The_preferred_of_two_accepted_types_is_the_one_answered_in()
    {
        var reply = await SendAsync(Post(Body(ViewerQuery), accept: $"application/json;q=0.5, {GraphQLResponseJson}"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(GraphQLResponseJson, reply.Body.MediaType);
    }

    [Theory]
    [InlineData("{ viewer { id ", "GRAPHQL_PARSE_FAILED")]
    [InlineData("{ viewer { noSuchField } }", "GRAPHQL_VALIDATION_FAILED")]
    public async Task A_document_that_cannot_run_is_400_without_data_for_graphql_response_json(string query, string code)
    {
        var reply = await SendAsync(Post(Body(query), accept: GraphQLResponseJson));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(GraphQLResponseJson, reply.Body.MediaType);
        Assert.Equal(code, reply.Body.ErrorCode);
        Assert.False(reply.Body.Root.TryGetProperty("data", out _), $"No 'data' key expected, got {reply.Body.Text}");
    }

    [Theory]
    [InlineData("{ viewer { id ", "GRAPHQL_PARSE_FAILED")]
    [InlineData("{ viewer { noSuchField } }", "GRAPHQL_VALIDATION_FAILED")]
    public async Task A_document_that_cannot_run_is_200_with_errors_for_application_json(string query, string code)
    {
        var reply = await SendAsync(Post(Body(query), accept: "application/json"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.Body.MediaType);
        Assert.Equal(code, reply.Body.ErrorCode);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/html, application/xhtml+xml")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json;q=0")]
    public async Task A_client_that_accepts_no_JSON_type_is_refused_with_406(string accept)
    {
        var reply = await SendAsync(Post(Body(ViewerQuery), accept: accept));

        Assert.Equal(HttpStatusCode.NotAcceptable, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
        Assert.False(reply.Body.Root.TryGetProperty("data", out _), reply.Body.Text);
    }

    [Fact]
    public async Task A_GET_runs_a_query_with_its_variables_from_the_query_string()
    {
        var board = await Alice.CreateBoardAsync("Read over GET");
        var url = "/graphql?query=" + Uri.EscapeDataString("query($id: ID!) { board(id: $id) { id name } }")
            + "&variables=" + Uri.EscapeDataString(JsonSerializer.Serialize(new { id = board.BoardId }));

        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Null(reply.Body.Errors);
        Assert.Equal(board.BoardId, reply.Body.Data.Str("board.id"));
        Assert.Equal("Read over GET", reply.Body.Data.Str("board.name"));
    }

    [Fact]
    public async Task A_GET_picks_the_named_query_of_a_document_that_also_holds_a_mutation()
    {
        var name = UniqueName();
        var document = $"query Who {{ viewer {{ userId }} }} mutation Make {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}";

        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Get,
            "/graphql?query=" + Uri.EscapeDataString(document) + "&operationName=Who"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("alice", reply.Body.Data.Str("viewer.userId"));
        Assert.DoesNotContain(name, await BoardNamesAsync());
    }

    [Theory]
    [InlineData("Make")]
    [InlineData(null)]
    public async Task A_mutation_over_GET_is_refused_with_405_and_creates_nothing(string? operationName)
    {
        var name = UniqueName();
        var document = $"mutation Make {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}";
        var url = "/graphql?query=" + Uri.EscapeDataString(document) + (operationName is null ? "" : "&operationName=" + operationName);

        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, reply.Status);
        Assert.Equal("POST", reply.Allow);
        Assert.Equal("METHOD_NOT_ALLOWED", reply.Body.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync());
    }

    [Fact]
    public async Task A_GET_without_a_query_is_400()
    {
        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/graphql"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"abc\"")]
    public async Task A_GET_with_variables_that_are_not_a_JSON_object_is_400(string variables)
    {
        var url = "/graphql?query=" + Uri.EscapeDataString(ViewerQuery) + "&variables=" + Uri.EscapeDataString(variables);

        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
    }

    [Fact]
    public async Task A_form_encoded_POST_is_refused_with_415_and_runs_nothing()
    {
        var name = UniqueName();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new FormUrlEncodedContent([new("query", CreateBoardMutation(name))]),
        };

        var reply = await SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/graphql")]
    public async Task A_JSON_body_sent_as_another_content_type_is_refused_with_415_and_runs_nothing(string contentType)
    {
        var name = UniqueName();

        var reply = await SendAsync(Post(Body(CreateBoardMutation(name)), contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync());
    }

    [Fact]
    public async Task A_POST_without_a_content_type_is_refused_and_runs_nothing()
    {
        var name = UniqueName();

        var reply = await SendAsync(Post(Body(CreateBoardMutation(name)), contentType: null));

        Assert.InRange((int)reply.Status, 400, 499);
        Assert.NotNull(reply.Body.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync());
    }

    [Theory]
    [InlineData("{\"query\": ")]
    [InlineData("{\"query\": \"{ viewer { id } }\"")]
    [InlineData("{query: \"{ viewer { id } }\"}")]
    [InlineData("{\"query\": \"{ viewer { id } }\",}")]
    [InlineData("{\"query\": 42}")]
    [InlineData("{\"query\": {\"text\": \"{ viewer { id } }\"}}")]
    [InlineData("not json at all")]
    [InlineData("null")]
    [InlineData("42")]
    public async Task A_malformed_JSON_body_is_400_BAD_REQUEST(string body)
    {
        var reply = await SendAsync(Post(body));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("[1, 2]")]
    [InlineData("42")]
    public async Task Variables_that_are_not_a_JSON_object_are_400_BAD_REQUEST(string variables)
    {
        var reply = await SendAsync(Post($"{{\"query\": \"{{ viewer {{ id }} }}\", \"variables\": {variables}}}"));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task An_empty_body_is_400(string body)
    {
        var reply = await SendAsync(Post(body));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
    }

    [Fact]
    public async Task A_batch_of_operations_is_400_BATCH_NOT_SUPPORTED_and_runs_none_of_them()
    {
        var first = UniqueName();
        var second = UniqueName();
        var batch = $"[{Body(CreateBoardMutation(first))}, {Body(CreateBoardMutation(second))}]";

        var reply = await SendAsync(Post(batch));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BATCH_NOT_SUPPORTED", reply.Body.ErrorCode);
        var names = await BoardNamesAsync();
        Assert.DoesNotContain(first, names);
        Assert.DoesNotContain(second, names);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"variables\": {}}")]
    [InlineData("{\"query\": \"\"}")]
    [InlineData("{\"query\": \"   \"}")]
    [InlineData("{\"query\": null}")]
    [InlineData("{\"operationName\": \"Who\"}")]
    public async Task A_body_without_a_query_is_400(string body)
    {
        var reply = await SendAsync(Post(body));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BAD_REQUEST", reply.Body.ErrorCode);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_413_and_runs_nothing()
    {
        var name = UniqueName();
        var body = PaddedBody(CreateBoardMutation(name), SmallRequestLimitApp.MaxRequestBytes + 1);

        var reply = await SendAsync(Post(body), smallLimitApp);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("REQUEST_TOO_LARGE", reply.Body.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync(smallLimitApp));
    }

    [Fact]
    public async Task A_body_just_under_the_configured_limit_runs()
    {
        var name = UniqueName();
        var body = PaddedBody(CreateBoardMutation(name), SmallRequestLimitApp.MaxRequestBytes - 10);

        var reply = await SendAsync(Post(body), smallLimitApp);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Null(reply.Body.Errors);
        Assert.Contains(name, await BoardNamesAsync(smallLimitApp));
    }

    [Fact]
    public async Task A_streamed_body_over_the_limit_without_a_Content_Length_is_413_too()
    {
        var name = UniqueName();
        var body = PaddedBody(CreateBoardMutation(name), SmallRequestLimitApp.MaxRequestBytes * 3);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new UnknownLengthContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var reply = await SendAsync(request, smallLimitApp);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("REQUEST_TOO_LARGE", reply.Body.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync(smallLimitApp));
    }

    [Fact]
    public async Task A_body_over_100_kB_is_413_with_the_default_limit()
    {
        var reply = await SendAsync(Post(PaddedBody(ViewerQuery, 100_001)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("REQUEST_TOO_LARGE", reply.Body.ErrorCode);
    }

    [Fact]
    public async Task The_schema_is_served_as_SDL()
    {
        using var http = App.CreateClient();

        using var response = await http.GetAsync(new Uri("/graphql/schema.graphql", UriKind.Relative), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("type Card", text, StringComparison.Ordinal);
        Assert.Contains("type Query", text, StringComparison.Ordinal);
        Assert.Contains("type Mutation", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_refused_request_shows_a_stack_trace_or_an_exception_type()
    {
        var requests = new List<Func<HttpRequestMessage>>
        {
            () => Post(Body("{ viewer { id ")),
            () => Post(Body("{ viewer { noSuchField } }"), accept: GraphQLResponseJson),
            () => Post(Body(ViewerQuery), accept: "text/html"),
            () => new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(CreateBoardMutation(UniqueName()))),
            () => new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(ViewerQuery) + "&variables=%7Bbad"),
            () => Post(Body(ViewerQuery), "text/plain"),
            () => Post(Body(ViewerQuery), contentType: null),
            () => Post("{\"query\": "),
            () => Post(""),
            () => Post($"[{Body(ViewerQuery)}]"),
            () => Post("{}"),
            () => Post("{\"query\": \"{ viewer { id } }\", \"variables\": \"abc\"}"),
            () => Post(Body("query($id: ID!) { board(id: $id) { id } }", new { id = new { a = 1 } })),
            () => Post(Body("query($id: ID!) { board(id: $id) { id } }", new { id = "nope" })),
            () => Post(PaddedBody(ViewerQuery, 1_000_001)),
        };

        foreach (var make in requests)
        {
            using var request = make();
            var reply = await SendAsync(request);
            Assert.NotNull(reply.Body.ErrorCode);
            Assert.DoesNotContain("   at ", reply.Body.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", reply.Body.Text, StringComparison.Ordinal);
        }
    }

    private sealed record Reply(HttpStatusCode Status, GraphQLResponse Body, string Allow);

    /// <summary>Sends as Alice and checks what every answer must hold: JSON, and no stack trace.</summary>
    private async Task<Reply> SendAsync(HttpRequestMessage request, KanbanApp? target = null)
    {
        var app = target ?? App;
        using var http = app.CreateClient();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor("alice", "Alice"));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var body = new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        Assert.True(body.Root.ValueKind == JsonValueKind.Object, $"Expected a JSON object, got {(int)response.StatusCode}: {text}");
        return new Reply(response.StatusCode, body, string.Join(", ", response.Content.Headers.Allow));
    }

    private static HttpRequestMessage Post(string body, string? contentType = "application/json", string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    private static string Body(string query, object? variables = null) => JsonSerializer.Serialize(new { query, variables });

    /// <summary>A valid request body of exactly <paramref name="bytes"/> bytes: the query, padded with spaces.</summary>
    private static string PaddedBody(string query, int bytes)
    {
        var bare = Body(query);
        var padding = bytes - Encoding.UTF8.GetByteCount(bare);
        Assert.True(padding >= 0, "The query alone is bigger than the body asked for.");
        return bare[..^1] + new string(' ', padding) + "}";
    }

    private static string CreateBoardMutation(string name) => $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}";

    private static string UniqueName() => "Board " + Guid.NewGuid().ToString("N");

    private async Task<IReadOnlyList<string>> BoardNamesAsync(KanbanApp? target = null)
    {
        var boards = await (target ?? App).ClientFor("alice", "Alice").AllBoardsAsync("name");
        return boards.Select(b => b.Str("name")).ToList();
    }

    /// <summary>A body whose length is not known up front, so it goes chunked and the server must count.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

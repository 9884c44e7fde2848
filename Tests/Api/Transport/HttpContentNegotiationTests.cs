using System.Net;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// GraphQL over HTTP: JSON POSTs, the media types a client accepts and is answered in, and the schema as SDL.
/// </summary>
public sealed class HttpContentNegotiationTests(SqliteApp app) : HttpTransportTestBase(app), IClassFixture<SqliteApp>
{
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
}

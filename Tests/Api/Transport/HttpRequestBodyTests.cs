using System.Net;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// GraphQL over HTTP POST: content types and bodies that are refused, and refusals that show no internals.
/// </summary>
public sealed class HttpRequestBodyTests(SqliteApp app) : HttpTransportTestBase(app), IClassFixture<SqliteApp>
{
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
}

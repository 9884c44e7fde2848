using System.Net;
using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>GraphQL over HTTP GET: queries with their variables from the query string, and what GET refuses.</summary>
public sealed class HttpGetTests(SqliteApp app) : HttpTransportTestBase(app), IClassFixture<SqliteApp>
{
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
}

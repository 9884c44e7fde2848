using System.Net;
using System.Text.Json;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Persisted operations (trusted documents): clients send <c>documentId</c> instead of <c>query</c>, over POST, GET,
/// the WebSocket and SSE.
/// </summary>
public sealed class PersistedOperationRequestTests(SqliteApp app) : PersistedOperationTestBase(app), IClassFixture<SqliteApp>
{
    private static readonly string BoardId = IdOfShipped("Board.graphql");

    private static readonly string MoveCardId = IdOfShipped("MoveCard.graphql");

    [Fact]
    public async Task A_documentId_runs_the_stored_board_query_with_its_variables()
    {
        var board = await Alice.CreateBoardAsync("Persisted board");
        await Alice.CreateCardAsync(board.BoardId, "Checkout times out");

        var response = await PostAsync(Alice, new { documentId = BoardId, variables = new { id = board.BoardId } });

        Assert.True(response.Errors is null, response.Text);
        Assert.Equal("Persisted board", response.Data.Str("board.name"));
        Assert.Contains("Checkout times out", response.Data.At("board.columns").EnumerateArray()
            .SelectMany(c => c.At("cards.nodes").EnumerateArray()).Select(c => c.Str("title")));
    }

    [Fact]
    public async Task A_persisted_mutation_runs_over_POST()
    {
        var board = await Alice.CreateBoardAsync("Persisted move");
        var card = await Alice.CreateCardAsync(board.BoardId);

        var response = await PostAsync(Alice, new
        {
            documentId = MoveCardId,
            operationName = "MoveCard",
            variables = new { input = new { cardId = card.Str("id"), toColumnId = board.ColumnIds[1] } },
        });

        Assert.True(response.Errors is null, response.Text);
        Assert.Equal(board.ColumnIds[1], response.Data.Str("moveCard.card.column.id"));
    }

    [Fact]
    public async Task An_unknown_documentId_is_PERSISTED_DOCUMENT_NOT_FOUND()
    {
        var response = await PostAsync(Alice, new { documentId = "sha256:" + new string('0', 64) });

        Assert.Equal(KanbanErrorInfoProvider.PersistedDocumentNotFound, response.ErrorCode);
        Assert.False(response.Root.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData("sha256:ABCDEF")]
    [InlineData("sha256:2E3026196E80BD961F26D941AEA6B549CE82BB35C421347DF694CB9B77E8CD6D")]
    [InlineData("md5:0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("Board.graphql")]
    [InlineData("sha256:")]
    public async Task A_malformed_documentId_is_INVALID_DOCUMENT_ID(string documentId)
    {
        var response = await PostAsync(Alice, new { documentId });

        Assert.Equal(KanbanErrorInfoProvider.InvalidDocumentId, response.ErrorCode);
    }

    [Fact]
    public async Task Query_and_documentId_together_are_refused_and_nothing_runs()
    {
        var response = await PostAsync(Alice, new
        {
            query = "mutation { createBoard(input: { name: \"Both fields\" }) { board { id } } }",
            documentId = ViewerId,
        });

        Assert.Equal(KanbanErrorInfoProvider.QueryAndDocumentId, response.ErrorCode);
        var boards = await Alice.DataAsync("{ boards(first: 500) { nodes { name } } }");
        Assert.DoesNotContain("Both fields", boards.At("boards.nodes").EnumerateArray().Select(b => b.Str("name")));
    }

    [Fact]
    public async Task A_GET_runs_a_persisted_query_and_refuses_a_persisted_mutation()
    {
        var board = await Alice.CreateBoardAsync("Persisted GET");
        var card = await Alice.CreateCardAsync(board.BoardId);

        var query = await GetAsync(Alice, $"documentId={Uri.EscapeDataString(BoardId)}&variables={Uri.EscapeDataString(JsonSerializer.Serialize(new { id = board.BoardId }))}");
        var variables = JsonSerializer.Serialize(new { input = new { cardId = card.Str("id"), toColumnId = board.ColumnIds[1] } });
        var mutation = await GetAsync(Alice, $"documentId={Uri.EscapeDataString(MoveCardId)}&variables={Uri.EscapeDataString(variables)}");

        Assert.True(query.Errors is null, query.Text);
        Assert.Equal("Persisted GET", query.Data.Str("board.name"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.Status);
        Assert.Equal(KanbanErrorInfoProvider.MethodNotAllowed, mutation.ErrorCode);
        var after = await Alice.DataAsync("query($id: ID!) { card(id: $id) { column { id } } }", new { id = card.Str("id") });
        Assert.Equal(board.ColumnIds[0], after.Str("card.column.id"));
    }

    [Fact]
    public async Task A_WebSocket_subscribe_and_an_SSE_request_take_a_documentId()
    {
        await using var socket = await GraphQLWsClient.ConnectAsAsync(App, "alice");
        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { documentId = ViewerId } });
        var next = await socket.ReceiveForAsync("1");
        await using var sse = await OpenSseAsync(App, new { documentId = ViewerId });
        var sseNext = await sse.NextEventAsync();

        Assert.Equal("next", next.Str("type"));
        Assert.Equal("alice", next.Str("payload.data.viewer.userId"));
        Assert.Equal("complete", (await socket.ReceiveForAsync("1")).Str("type"));
        Assert.Equal("alice", sseNext.Json.Str("data.viewer.userId"));
    }
}

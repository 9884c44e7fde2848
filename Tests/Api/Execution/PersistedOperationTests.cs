using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>Production with only persisted operations allowed: the server as a locked-down deployment runs it.</summary>
public sealed class PersistedOnlyProductionApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override string Environment => "Production";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:PersistedOperations:OnlyPersistedInProduction"] = "true",
    };
}

/// <summary>The same setting in Development, where it has no effect so that tooling keeps working.</summary>
public sealed class PersistedOnlyDevelopmentApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override string Environment => "Development";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["GraphQL:PersistedOperations:OnlyPersistedInProduction"] = "true",
    };
}

/// <summary>
/// Persisted operations (trusted documents): clients send <c>documentId</c> instead of <c>query</c>, over POST, GET, the
/// WebSocket and SSE; the ids of the shipped files; what stops the start; and the Production-only mode on every transport.
/// </summary>
public sealed class PersistedOperationTests(SqliteApp app, PersistedOnlyProductionApp production, PersistedOnlyDevelopmentApp development)
    : ApiTestBase(app), IClassFixture<SqliteApp>, IClassFixture<PersistedOnlyProductionApp>, IClassFixture<PersistedOnlyDevelopmentApp>
{
    private static readonly string BoardId = IdOfShipped("Board.graphql");
    private static readonly string MoveCardId = IdOfShipped("MoveCard.graphql");
    private static readonly string ViewerId = IdOfShipped("Viewer.graphql");

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

    [Fact]
    public async Task Only_persisted_in_Production_refuses_query_text_over_POST_and_GET_and_runs_nothing()
    {
        var alice = production.ClientFor("alice", "Alice");

        var post = await alice.SendAsync("mutation { createBoard(input: { name: \"Ad hoc\" }) { board { id } } }");
        var get = await GetAsync(alice, "query=" + Uri.EscapeDataString("{ viewer { id userId } }"));

        Assert.Equal(KanbanErrorInfoProvider.PersistedDocumentRequired, post.ErrorCode);
        Assert.False(post.Root.TryGetProperty("data", out _));
        Assert.Equal(KanbanErrorInfoProvider.PersistedDocumentRequired, get.ErrorCode);
        await using var scope = production.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Boards.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Only_persisted_in_Production_still_runs_persisted_operations_over_POST_and_GET()
    {
        var alice = production.ClientFor("alice", "Alice");

        var post = await PostAsync(alice, new { documentId = ViewerId });
        var get = await GetAsync(alice, "documentId=" + Uri.EscapeDataString(ViewerId));

        Assert.Equal("alice", post.Data.Str("viewer.userId"));
        Assert.Equal("alice", get.Data.Str("viewer.userId"));
    }

    [Fact]
    public async Task Only_persisted_in_Production_refuses_query_text_over_the_WebSocket_but_runs_a_documentId()
    {
        await using var socket = await GraphQLWsClient.ConnectAsAsync(production, "alice");

        await socket.SubscribeAsync("adhoc", "subscription($b: ID!) { boardEvents(boardId: $b) { seq } }", new { b = Guid.NewGuid() });
        var refused = await socket.ReceiveForAsync("adhoc");
        await socket.SendAsync(new { id = "persisted", type = "subscribe", payload = new { documentId = ViewerId } });
        var next = await socket.ReceiveForAsync("persisted");

        Assert.Equal("error", refused.Str("type"));
        Assert.Equal(KanbanErrorInfoProvider.PersistedDocumentRequired, refused.Str("payload.0.extensions.code"));
        Assert.Equal("alice", next.Str("payload.data.viewer.userId"));
    }

    [Fact]
    public async Task Only_persisted_in_Production_refuses_query_text_over_SSE_but_runs_a_documentId()
    {
        await using var refused = await OpenSseAsync(production, new { query = "{ viewer { id userId } }" });
        var refusal = await refused.NextEventAsync();
        await using var persisted = await OpenSseAsync(production, new { documentId = ViewerId });
        var next = await persisted.NextEventAsync();

        Assert.Equal(KanbanErrorInfoProvider.PersistedDocumentRequired, refusal.Json.Str("errors.0.extensions.code"));
        Assert.False(refusal.Json.TryGetProperty("data", out _));
        Assert.Equal("alice", next.Json.Str("data.viewer.userId"));
    }

    [Fact]
    public async Task Only_persisted_in_Production_has_no_effect_in_Development()
    {
        var data = await development.ClientFor("alice").DataAsync("{ viewer { id userId } }");

        Assert.Equal("alice", data.Str("viewer.userId"));
    }

    [Fact]
    public void The_shipped_operations_hash_to_the_ids_the_docs_list()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "persisted-operations.md"));
        var loaded = App.Services.GetRequiredService<PersistedOperations>();
        var files = Directory.GetFiles(ShippedFolder(), "*.graphql");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            // Without a BOM and with LF line endings, the id is what sha256sum prints for the file.
            var bytes = File.ReadAllBytes(file);
            var id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
            Assert.Equal(id, PersistedOperations.IdOf(PersistedOperations.Normalise(Encoding.UTF8.GetString(bytes))));
            Assert.Contains(readme, line => line.Contains($"`{name}`", StringComparison.Ordinal) && line.Contains($"`{id}`", StringComparison.Ordinal));
            Assert.Equal(name, loaded.Sources[id]);
        }
    }

    [Fact]
    public void A_Windows_checkout_gives_the_same_id()
    {
        var lf = "query Viewer {\n  viewer { id }\n}\n";
        var crlf = "\uFEFFquery Viewer {\r\n  viewer { id }\r\n}\r\n";

        Assert.Equal(PersistedOperations.IdOf(lf), PersistedOperations.IdOf(PersistedOperations.Normalise(crlf)));
    }

    [Fact]
    public void A_malformed_file_stops_the_start_and_names_the_file()
    {
        using var folder = new TempFolder();
        folder.Write("Broken.graphql", "query { viewer { id ");

        var error = Assert.Throws<InvalidOperationException>(() => folder.Load());

        Assert.Contains("Broken.graphql", error.Message, StringComparison.Ordinal);
        Assert.Contains("GraphQL:PersistedOperations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_the_schema_cannot_run_stops_the_start_and_names_the_file_and_the_fault()
    {
        using var folder = new TempFolder();
        folder.Write("Fine.graphql", "query Fine($id: ID!) { board(id: $id) { id name } }");
        folder.Write("Stale.graphql", "query Stale { viewer { id shoeSize } }");
        var schema = App.Services.GetRequiredService<GraphQL.Types.ISchema>();
        var check = new PersistedOperationsCheck(folder.Load(), schema);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Stale.graphql", error.Message, StringComparison.Ordinal);
        Assert.Contains("shoeSize", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Fine.graphql", error.Message, StringComparison.Ordinal); // a missing variable value is the request's business
        Assert.Empty(await App.Services.GetRequiredService<PersistedOperations>().ProblemsAgainstAsync(schema, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_file_without_an_operation_stops_the_start()
    {
        using var folder = new TempFolder();
        folder.Write("OnlyFragment.graphql", "fragment F on Viewer { id }");

        var error = Assert.Throws<InvalidOperationException>(() => folder.Load());

        Assert.Contains("OnlyFragment.graphql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Apollo_manifest_is_read_and_an_id_that_is_not_its_bodys_hash_stops_the_start()
    {
        const string body = "query Me { viewer { id } }";
        var hex = PersistedOperations.IdOf(body)["sha256:".Length..];
        using var good = new TempFolder();
        good.Write(PersistedOperations.ManifestFileName, JsonSerializer.Serialize(new { format = "apollo-persisted-query-manifest", version = 1, operations = new[] { new { id = hex, name = "Me", type = "query", body } } }));
        using var bad = new TempFolder();
        bad.Write(PersistedOperations.ManifestFileName, JsonSerializer.Serialize(new { operations = new[] { new { id = new string('a', 64), body } } }));

        var loaded = good.Load();
        var error = Assert.Throws<InvalidOperationException>(() => bad.Load());

        Assert.Equal(body, loaded.Find("sha256:" + hex));
        Assert.Contains("operations[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("not the SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_folder_that_is_missing_stops_the_start_and_the_default_one_may_be_absent()
    {
        using var root = new TempFolder();
        var settings = new PersistedOperationSettings { Path = "Nowhere" };

        Assert.Throws<InvalidOperationException>(() => PersistedOperations.Load(root.Path, settings, pathConfigured: true));
        Assert.Empty(PersistedOperations.Load(root.Path, settings, pathConfigured: false).Sources);
    }

    private static Task<GraphQLResponse> PostAsync(GraphQLClient client, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        return SendAndDisposeAsync(client, request);
    }

    private static Task<GraphQLResponse> GetAsync(GraphQLClient client, string queryString) =>
        SendAndDisposeAsync(client, new HttpRequestMessage(HttpMethod.Get, "/graphql?" + queryString));

    private static async Task<GraphQLResponse> SendAndDisposeAsync(GraphQLClient client, HttpRequestMessage request)
    {
        using (request)
            return await client.SendAsync(request);
    }

    private static Task<SseResponse> OpenSseAsync(KanbanApp app, object body) =>
        SseResponse.OpenAsync(app.CreateClient(), app.TokenFor("alice"), new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        });

    private static string IdOfShipped(string name) =>
        PersistedOperations.IdOf(PersistedOperations.Normalise(File.ReadAllText(Path.Combine(ShippedFolder(), name))));

    private static string ShippedFolder() => Path.Combine(RepositoryRoot(), "Api", PersistedOperationSettings.DefaultPath);

    private static string RepositoryRoot([CallerFilePath] string source = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kanban-persisted-").FullName;

        public void Write(string name, string text) => File.WriteAllText(System.IO.Path.Combine(Path, name), text);

        public PersistedOperations Load() => PersistedOperations.Load(Path, new PersistedOperationSettings { Path = "." }, pathConfigured: true);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

using KanbanCustomer.Api.Execution;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The Production-only mode that allows persisted operations only, on every transport, and its lack of effect in
/// Development.
/// </summary>
public sealed class PersistedOnlyTests(SqliteApp app, PersistedOnlyProductionApp production, PersistedOnlyDevelopmentApp development)
    : PersistedOperationTestBase(app), IClassFixture<SqliteApp>, IClassFixture<PersistedOnlyProductionApp>, IClassFixture<PersistedOnlyDevelopmentApp>
{
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
}

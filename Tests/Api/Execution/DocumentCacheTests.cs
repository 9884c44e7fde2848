using System.Net;
using GraphQL.DI;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// A document that executed is parsed and checked against its document-only rules once; the rules that read the
/// request (page sizes, cost, the transport's operation types) still run every time, and nothing that failed is kept.
/// </summary>
public sealed class DocumentCacheTests(SqliteApp app) : PersistedOperationTestBase(app), IClassFixture<SqliteApp>
{
    private DocumentCache Cache => App.Services.GetServices<IConfigureExecution>().OfType<DocumentCache>().Single();

    [Fact]
    public async Task A_kept_document_still_checks_the_page_size_its_variables_ask_for()
    {
        var document = "query Sized($n: Int!) { boards(first: $n) { nodes { id } } } # " + Guid.NewGuid();

        var first = await Alice.SendAsync(document, new { n = 5 });
        var kept = Cache.Count;
        var tooBig = await Alice.SendAsync(document, new { n = 100_000 });
        var again = await Alice.SendAsync(document, new { n = 5 });

        Assert.Null(first.Errors);
        Assert.Equal("VALIDATION", tooBig.ErrorCode);
        Assert.Contains("between 1 and", tooBig.Text, StringComparison.Ordinal);
        Assert.Null(again.Errors);
        Assert.Equal(first.Text, again.Text);
        Assert.True(kept >= 1);
    }

    [Fact]
    public async Task A_kept_document_still_has_its_cost_counted_with_the_request_s_page_sizes()
    {
        var document = "query Costly($n: Int!) { boards(first: $n) { nodes { columns { cards(first: $n) { nodes { id title } } } } } } # " + Guid.NewGuid();

        var cheap = await Alice.SendAsync(document, new { n = 2 });
        var costly = await Alice.SendAsync(document, new { n = 400 });

        Assert.Null(cheap.Errors);
        Assert.Equal(CostRule.CostLimitExceeded, costly.ErrorCode);
    }

    [Fact]
    public async Task A_document_that_failed_validation_is_not_kept_and_fails_again()
    {
        var document = "{ viewer { noSuchField } } # " + Guid.NewGuid();
        var before = Cache.Count;

        var first = await Alice.SendAsync(document);
        var second = await Alice.SendAsync(document);

        Assert.NotNull(first.ErrorCode);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(before, Cache.Count);
    }

    [Fact]
    public async Task A_mutation_kept_after_a_POST_is_still_refused_over_GET_and_creates_nothing()
    {
        var name = "Kept " + Guid.NewGuid().ToString("N");
        var mutation = $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}";

        // The first POST keeps the document, the second keeps its request rules' result (ValidationCache), the third is served from it.
        for (var i = 0; i < 3; i++)
            Assert.Null((await Alice.SendAsync(mutation)).Errors);
        var get = await GetAsync(Alice, "query=" + Uri.EscapeDataString(mutation));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.Status);
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        Assert.Equal(3, await db.Boards.CountAsync(b => b.Name == name, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_same_text_with_another_operation_name_is_its_own_entry()
    {
        var document = "query A { viewer { userId } } query B { viewer { id } } # " + Guid.NewGuid();

        var a = await PostAsync(Alice, new { query = document, operationName = "A" });
        var b = await PostAsync(Alice, new { query = document, operationName = "B" });
        var missing = await PostAsync(Alice, new { query = document, operationName = "C" });

        Assert.Equal("alice", a.Data.Str("viewer.userId"));
        Assert.False(b.Data.GetProperty("viewer").TryGetProperty("userId", out _));
        Assert.NotNull(missing.ErrorCode);
    }
}

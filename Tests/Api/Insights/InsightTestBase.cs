using System.Text.Json;
using GlobalIds = KanbanCustomer.Api.Common.Ids;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Customers;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The intake's test data: Alice's team board (bob and carol members) with vera as a viewer, insights submitted and
/// triaged through the API, and customers written straight to the directory.
/// </summary>
public abstract class InsightTestBase(KanbanApp app) : CardMutationTestBase(app)
{
    private protected const string InsightFields =
        "id boardId text proximity origin submittedBy submittedAt status dismissReason triagedBy triagedAt customer { id name } card { id title } evidence { id cardId content source proximity recordedBy recordedAt }";

    private protected GraphQLClient Vera => App.ClientFor("vera", "Vera");

    private protected async Task<BoardIds> BoardWithViewerAsync(object? columns = null)
    {
        var board = await Alice.CreateTeamBoardAsync(columns: columns);
        await Alice.AddMemberAsync(board.BoardId, "vera", "VIEWER");
        return board;
    }

    private protected static Task<GraphQLResponse> SubmitAsync(GraphQLClient client, string boardId, string text = "Customers print invoices to read them",
        string proximity = "DIRECT_CONTACT", string? customerId = null, string? origin = null) =>
        client.MutateAsync("submitInsight", "SubmitInsightInput", new { boardId, text, proximity, customerId, origin }, $"insight {{ {InsightFields} }} card {{ id }}");

    /// <summary>Submits an insight that must be accepted; returns its id.</summary>
    private protected static async Task<string> SubmittedAsync(GraphQLClient client, string boardId, string text = "Customers print invoices to read them",
        string? customerId = null)
    {
        var response = await SubmitAsync(client, boardId, text, customerId: customerId);
        Assert.True(response.Errors is null, response.Text);
        return response.Data.Str("submitInsight.insight.id");
    }

    private protected static Task<GraphQLResponse> AttachAsync(GraphQLClient client, string insightId, string cardId) =>
        client.MutateAsync("attachInsight", "AttachInsightInput", new { insightId, cardId }, $"insight {{ {InsightFields} }} card {{ id version }}");

    private protected static Task<GraphQLResponse> PromoteAsync(GraphQLClient client, object input) =>
        client.MutateAsync("promoteInsight", "PromoteInsightInput", input,
            $"insight {{ {InsightFields} }} card {{ {TestData.CardFields} reporterId evidence {{ nodes {{ id content recordedBy recordedAt }} }} }}");

    private protected static Task<GraphQLResponse> DismissAsync(GraphQLClient client, string insightId, string reason = "Not a customer problem") =>
        client.MutateAsync("dismissInsight", "DismissInsightInput", new { insightId, reason }, $"insight {{ {InsightFields} }} card {{ id }}");

    private protected static async Task<JsonElement> InsightAsync(GraphQLClient client, string insightId) =>
        (await client.DataAsync($"query($id: ID!) {{ node(id: $id) {{ ... on Insight {{ {InsightFields} }} }} }}", new { id = insightId })).GetProperty("node");

    /// <summary>A customer in the board's directory, written without the API (the directory's mutations are another feature's).</summary>
    private protected async Task<string> AddCustomerAsync(string boardId, string name, bool archived = false)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var id = GlobalIds.Parse(boardId, "Board");
        var board = await db.Boards.Include(b => b.Swimlanes).SingleAsync(b => b.Id == id, TestContext.Current.CancellationToken);
        var customer = Customer.Add(board, new CustomerDetails(name, CustomerKind.External, null, null, null), "alice", App.Clock.GetUtcNow());
        if (archived)
            customer.Archive(App.Clock.GetUtcNow());
        db.Customers.Add(customer);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return GlobalIds.Global("Customer", customer.Id);
    }

    private protected async Task ArchiveCustomerAsync(string customerId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var id = GlobalIds.Parse(customerId, "Customer");
        var customer = await db.Customers.SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
        customer.Archive(App.Clock.GetUtcNow());
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The card as stored, with the measures the evidence keeps on its row.</summary>
    private protected async Task<Card> StoredCardAsync(string cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var id = GlobalIds.Parse(cardId, "Card");
        return await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().Cards.AsNoTracking()
            .SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
    }

    /// <summary>What a refused triage must leave alone: the log, the inbox and the board's cards with their evidence.</summary>
    private protected async Task<string> BoardStateAsync(string boardId)
    {
        var board = await Alice.BoardAsync(boardId,
            "lastEventSeq newInsightCount insights { nodes { id status card { id } evidence { id } dismissReason } } cards(includeArchived: true) { nodes { id version evidence { nodes { id } } } }");
        return board.GetRawText();
    }
}

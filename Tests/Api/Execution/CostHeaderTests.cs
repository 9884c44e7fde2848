using System.Net;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Api.Transport;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The <c>GraphQL-Cost</c> request header: <c>report</c> adds <c>extensions.cost</c> to an executed response, <c>validate</c>
/// computes it without executing, any other value is a 400. The figures are the complexity analyzer's, as the limits use them.
/// </summary>
public sealed class CostHeaderTests(SqliteApp app) : ApiTestBase(app), IClassFixture<SqliteApp>
{
    // Depth 4 (boards, nodes, name/columns, id); cost: boards 1 + nodes 1 + 10 x (name 1 + columns 1) + 10 x 5 x id 1
    // = 72, with the page size of 10 and the assumed column count of 5.
    private const string BoardsQuery = "{ boards(first: 10) { nodes { name columns { id } } } }";
    private const string OverBudget = "{ boards(first: 500) { nodes { columns { cards { nodes { id } } } } } }";

    [Fact]
    public async Task Report_adds_the_cost_beside_the_data()
    {
        await Alice.CreateBoardAsync("Costed");

        var response = await SendAsync(new { query = BoardsQuery }, "report");

        Assert.True(response.Errors is null, response.Text);
        Assert.Contains("Costed", response.Data.At("boards.nodes").EnumerateArray().Select(b => b.Str("name")));
        var cost = response.Root.At("extensions.cost");
        Assert.Equal(72, cost.GetProperty("total").GetDouble());
        Assert.Equal(4, cost.Number("depth"));
        Assert.Equal(5000, cost.Number("maxCost"));
        Assert.Equal(12, cost.Number("maxDepth"));
    }

    [Fact]
    public async Task Filters_sorts_and_page_sizes_count_in_the_cost()
    {
        const string plain = "{ boards(first: 2) { nodes { cards(first: 10) { nodes { id } } } } }";
        const string filtered = "{ boards(first: 2) { nodes { cards(first: 10, where: { impact: { gte: 3 }, title: { contains: \"x\" } }, order: [{ impact: DESC }]) { nodes { id } } } } }";
        const string bigger = "{ boards(first: 2) { nodes { cards(first: 20) { nodes { id } } } } }";

        var costs = new List<double>();
        foreach (var query in new[] { plain, filtered, bigger })
        {
            var response = await SendAsync(new { query }, "validate");
            Assert.True(response.Errors is null, response.Text);
            costs.Add(response.Root.At("extensions.cost.total").GetDouble());
        }

        // Per board (2): two filter operations at 2 each and one sort field at 1 add 5; 10 more cards add 10 ids.
        Assert.Equal(costs[0] + 2 * 5, costs[1]);
        Assert.Equal(costs[0] + 2 * 10, costs[2]);
    }

    [Fact]
    public async Task A_first_on_card_customers_prices_that_many_customers_per_card_instead_of_the_assumed_five()
    {
        const string all = "{ boards(first: 2) { nodes { cards(first: 10) { nodes { customers { id } } } } } }";
        const string two = "{ boards(first: 2) { nodes { cards(first: 10) { nodes { customers(first: 2) { id } } } } } }";

        var costs = new List<double>();
        foreach (var query in new[] { all, two })
        {
            var response = await SendAsync(new { query }, "validate");
            Assert.True(response.Errors is null, response.Text);
            costs.Add(response.Root.At("extensions.cost.total").GetDouble());
        }

        // 20 cards, each pricing 2 customer ids instead of 5.
        Assert.Equal(costs[0] - 20 * 3, costs[1]);
    }

    [Fact]
    public async Task Validate_returns_the_cost_and_executes_nothing()
    {
        var response = await SendAsync(new { query = "mutation { createBoard(input: { name: \"Only validated\" }) { board { id name } } }" }, "Validate");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Errors is null, response.Text);
        Assert.False(response.Root.TryGetProperty("data", out _));
        Assert.Equal(4, response.Root.At("extensions.cost.total").GetDouble());
        var boards = await Alice.DataAsync("{ boards(first: 500) { nodes { name } } }");
        Assert.DoesNotContain("Only validated", boards.At("boards.nodes").EnumerateArray().Select(b => b.Str("name")));
    }

    [Fact]
    public async Task Validate_answers_200_even_to_a_client_accepting_graphql_response_json()
    {
        var response = await SendAsync(new { query = BoardsQuery }, "validate", GraphQLHttpEndpoint.GraphQLResponseJson);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(72, response.Root.At("extensions.cost.total").GetDouble());
    }

    [Theory]
    [InlineData("report")]
    [InlineData("validate")]
    public async Task An_operation_over_budget_is_refused_and_still_says_its_cost(string mode)
    {
        var response = await SendAsync(new { query = OverBudget }, mode);

        Assert.Equal(CostRule.CostLimitExceeded, response.ErrorCode);
        Assert.False(response.Root.TryGetProperty("data", out _));
        var cost = response.Root.At("extensions.cost");
        Assert.True(cost.GetProperty("total").GetDouble() > cost.Number("maxCost"), response.Text);
    }

    [Fact]
    public async Task Without_the_header_the_response_has_no_cost()
    {
        var response = await SendAsync(new { query = BoardsQuery }, null);

        Assert.False(response.Root.TryGetProperty("extensions", out _), response.Text);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("report, validate")]
    public async Task Any_other_value_is_a_400_with_its_own_code(string value)
    {
        var response = await SendAsync(new { query = BoardsQuery }, value);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(CostHeader.InvalidCostHeader, response.ErrorCode);
    }

    [Fact]
    public async Task Report_works_for_a_persisted_operation_sent_with_GET()
    {
        var id = App.Services.GetRequiredService<PersistedOperations>().Sources.Single(s => s.Value == "Viewer.graphql").Key;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?documentId=" + Uri.EscapeDataString(id));
        request.Headers.Add(CostHeader.Name, "report");

        var response = await Alice.SendAsync(request);

        Assert.Equal("alice", response.Data.Str("viewer.userId"));
        Assert.Equal(2, response.Root.At("extensions.cost.depth").GetInt32());
    }

    private async Task<GraphQLResponse> SendAsync(object body, string? mode, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (mode is not null)
            request.Headers.TryAddWithoutValidation(CostHeader.Name, mode);
        if (accept is not null)
            request.Headers.Accept.ParseAdd(accept);
        return await Alice.SendAsync(request);
    }
}

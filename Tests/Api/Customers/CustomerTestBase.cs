using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Helpers of the customer tests: a directory entry added through the API, evidence that names one.</summary>
public abstract class CustomerTestBase(KanbanApp app) : CardMutationTestBase(app)
{
    private protected const string CustomerFields =
        "id boardId name kind segment { id } externalRef notes evidenceCount isArchived archivedAt createdBy createdAt updatedAt version";

    private protected static Task<GraphQLResponse> AddCustomerAsync(GraphQLClient client, object input) =>
        client.MutateAsync("addCustomer", "AddCustomerInput", input, $"customer {{ {CustomerFields} }}");

    /// <summary>Adds a customer (as Alice) and returns its id.</summary>
    private protected async Task<string> CustomerAsync(string boardId, string name, string kind = "EXTERNAL", string? externalRef = null)
    {
        var response = await AddCustomerAsync(Alice, new { boardId, name, kind, externalRef });
        Assert.True(response.Errors is null, response.Text);
        return response.Data.Str("addCustomer.customer.id");
    }

    private protected static Task<GraphQLResponse> ChangeCustomerAsync(GraphQLClient client, string mutation, string inputType, object input) =>
        client.MutateAsync(mutation, inputType, input, $"customer {{ {CustomerFields} }}");

    private protected static JsonElement CustomerOf(GraphQLResponse response, string mutation)
    {
        Assert.True(response.Errors is null, $"Expected no errors, got {response.Text}");
        return response.Data.At($"{mutation}.customer");
    }

    /// <summary>Adds a quote to a card, naming a customer and a proximity when given; returns the response as it came.</summary>
    private protected static Task<GraphQLResponse> AddEvidenceAsync(GraphQLClient client, string cardId, string? customerId = null, string? proximity = null,
        string content = "It keeps failing.", string selection = "evidence { id proximity customer { id name } } card { id }") =>
        client.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "QUOTE", content, customerId, proximity }, selection);
}

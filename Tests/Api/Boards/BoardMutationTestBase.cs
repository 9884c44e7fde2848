using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Helpers shared by the board, column and swimlane mutation tests.</summary>
public abstract class BoardMutationTestBase(KanbanApp app) : ApiTestBase(app)
{
    private protected const string SwimlaneFields = "id name position customerKind";

    private protected static List<string> Names(JsonElement list) => list.EnumerateArray().Select(e => e.Str("name")).ToList();

    private protected static List<int> Positions(JsonElement list) => list.EnumerateArray().Select(e => e.Number("position")).ToList();

    private protected Task<GraphQLResponse> SwimlaneMutationAsync(string mutation, string inputType, object input) =>
        Alice.MutateAsync(mutation, inputType, input, $"swimlane {{ {SwimlaneFields} }} removedSwimlaneId board {{ {TestData.BoardFields} }}");

    private protected static void AssertRefused(GraphQLResponse response, string code, string? field = null)
    {
        Assert.True(response.ErrorCode == code, $"Expected {code}, got {response.Text}");
        if (field is not null)
            Assert.Equal(field, response.FirstErrorExtensions.GetProperty("field").GetString());
    }
}

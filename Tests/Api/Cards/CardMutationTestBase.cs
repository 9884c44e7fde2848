using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Helpers shared by the card mutation tests: refusal and result checks, a board with a WIP limit, the event fields.
/// </summary>
public abstract class CardMutationTestBase(KanbanApp app) : ApiTestBase(app)
{
    private protected const string EventFields = "events { nodes { seq type cardId actor { userId name } payload } }";

    /// <summary>Inbox (no limit) and Doing (WIP <paramref name="limit"/>), with the default swimlanes.</summary>
    private protected Task<BoardIds> BoardWithWipLimitAsync(int limit) =>
        Alice.CreateTeamBoardAsync("WIP board", columns: new object[] { new { name = "Inbox" }, new { name = "Doing", wipLimit = limit } });

    private protected static void AssertRefused(GraphQLResponse response, string code, string? field = null)
    {
        Assert.True(response.ErrorCode == code, $"Expected {code}, got {response.Text}");
        if (field is not null)
            Assert.Equal(field, response.FirstErrorExtensions.GetProperty("field").GetString());
    }

    private protected static JsonElement CardOf(GraphQLResponse response, string mutation)
    {
        Assert.True(response.Errors is null, $"Expected no errors, got {response.Text}");
        return response.Data.At($"{mutation}.card");
    }

    private protected static List<string> Ids(JsonElement list) => list.EnumerateArray().Select(c => c.Str("id")).ToList();
}

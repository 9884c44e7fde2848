using KanbanCustomer.Api.Hosting;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>A fresh server with its demo board, as <c>dotnet run --project Api</c> starts it.</summary>
public sealed class DemoDataApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Database:SeedDemoData"] = "true" };
}

public sealed class DemoDataTests(DemoDataApp app) : ApiTestBase(app), IClassFixture<DemoDataApp>
{
    [Fact]
    public async Task The_query_the_start_up_log_offers_runs_for_the_demo_user_and_shows_the_demo_board()
    {
        var data = await App.ClientFor(DemoData.DemoUser, "Dev User").DataAsync(DemoData.TryQuery);

        var board = Assert.Single(data.Nodes("boards"));
        Assert.Equal("Customer problems (demo)", board.Str("name"));
        var cards = board.GetProperty("columns").EnumerateArray().SelectMany(c => c.Nodes("cards")).ToList();
        Assert.NotEmpty(cards);
        Assert.Contains(cards, c => c.Str("title") == "Checkout fails for company cards" && c.Number("voteCount") == 3 && c.Number("evidence.totalCount") == 3);
    }

    [Fact]
    public async Task Someone_else_sees_no_demo_board()
    {
        var data = await Alice.DataAsync(DemoData.TryQuery);

        Assert.Empty(data.Nodes("boards"));
    }
}

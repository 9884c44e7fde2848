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
        Assert.Equal(1, board.Number("newInsightCount"));
        var checkout = cards.Single(c => c.Str("title") == "Checkout fails for company cards");
        Assert.Equal(["Bluebird Retail", "Nordwind Logistics GmbH"], checkout.GetProperty("customers").EnumerateArray().Select(c => c.Str("name")));
        Assert.True(checkout.GetProperty("score").GetProperty("total").GetDouble() > 0);
    }

    [Fact]
    public async Task The_demo_board_shows_the_customer_directory_evidence_at_every_proximity_an_insight_and_a_merged_duplicate()
    {
        var data = await App.ClientFor(DemoData.DemoUser, "Dev User").DataAsync("""
            { boards(first: 1) { nodes {
                customers { nodes { name kind externalRef } }
                insights(status: [NEW]) { nodes { status submittedBy customer { name } } }
                cards(first: 20, includeArchived: true) { nodes { title isArchived mergedInto { title } } }
                columns { cards(first: 10) { nodes { evidence(first: 5) { nodes { proximity } } } } } } } }
            """);

        var board = Assert.Single(data.Nodes("boards"));
        Assert.Equal(4, board.Nodes("customers").Count);
        Assert.Contains(board.Nodes("customers"), c => c.Str("kind") == "INTERNAL");
        var insight = Assert.Single(board.Nodes("insights"));
        Assert.Equal(("account-manager", "Nordwind Logistics GmbH"), (insight.Str("submittedBy"), insight.Str("customer.name")));
        var merged = Assert.Single(board.Nodes("cards"), c => c.GetProperty("isArchived").GetBoolean());
        Assert.Equal("Checkout fails for company cards", merged.Str("mergedInto.title"));
        var proximities = board.GetProperty("columns").EnumerateArray().SelectMany(c => c.Nodes("cards"))
            .SelectMany(c => c.Nodes("evidence")).Select(e => e.Str("proximity")).ToHashSet();
        Assert.Equal(["DIRECT_CONTACT", "SECOND_HAND", "SELF_IS_CUSTOMER"], proximities.Order());
    }

    [Fact]
    public async Task The_demo_boards_blocked_card_has_a_discussion_with_a_mention()
    {
        var data = await App.ClientFor(DemoData.DemoUser, "Dev User").DataAsync(
            "{ boards(first: 1) { nodes { cards(first: 20) { nodes { title comments { nodes { authorId mentions text } } } } } } }");

        var card = Assert.Single(Assert.Single(data.Nodes("boards")).Nodes("cards"), c => c.Nodes("comments").Count > 0);
        var comment = Assert.Single(card.Nodes("comments"));
        Assert.Equal(("Field staff lose VPN on customer sites", "field-sales", "support-agent"),
            (card.Str("title"), comment.Str("authorId"), comment.At("mentions")[0].GetString()));
        Assert.Contains("\n@support-agent", comment.Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_else_sees_no_demo_board()
    {
        var data = await Alice.DataAsync(DemoData.TryQuery);

        Assert.Empty(data.Nodes("boards"));
    }

    [Fact]
    public async Task The_demo_board_has_flow_figures_for_the_last_six_weeks()
    {
        var client = App.ClientFor(DemoData.DemoUser, "Dev User");
        var boardId = Assert.Single((await client.DataAsync("{ boards(first: 1) { nodes { id } } }")).Nodes("boards")).Str("id");
        var now = App.Clock.GetUtcNow();

        var data = await client.DataAsync(
            "query($b: ID!, $f: DateTimeOffset!, $t: DateTimeOffset!) { flowMetrics(boardId: $b, from: $f, to: $t, groupBy: CUSTOMER_KIND) { groups { key cycleTime { p85 count } throughput { count } age { days } } } }",
            new { b = boardId, f = now.AddDays(-45), t = now });

        var groups = data.At("flowMetrics.groups").EnumerateArray().ToList();
        Assert.Equal(["EXTERNAL", "INTERNAL"], groups.Select(g => g.Str("key")));
        Assert.All(groups, g => Assert.True(g.Number("cycleTime.count") > 3 && g.At("cycleTime.p85").GetDouble() > 0, g.ToString()));
        Assert.Contains(groups, g => g.At("age").GetArrayLength() > 0);
    }
}

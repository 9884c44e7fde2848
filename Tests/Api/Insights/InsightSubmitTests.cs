using System.Text.Json;
using GlobalIds = KanbanCustomer.Api.Common.Ids;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>submitInsight: anyone on the board, viewers included; what it refuses.</summary>
public abstract class InsightSubmitTests(KanbanApp app) : InsightTestBase(app)
{
    [Fact]
    public async Task A_viewer_submits_an_insight_and_everyone_on_the_board_reads_it_in_the_inbox()
    {
        var board = await BoardWithViewerAsync();
        var customer = await AddCustomerAsync(board.BoardId, "Bakery Müller");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await SubmitAsync(Vera, board.BoardId, "  Invoices are printed to be read.  ", "SELF_IS_CUSTOMER", customer, "Support call 4711");

        Assert.True(response.Errors is null, response.Text);
        var insight = response.Data.At("submitInsight.insight");
        Assert.Equal((board.BoardId, "Invoices are printed to be read.", "SELF_IS_CUSTOMER", "Support call 4711", "vera", "NEW"),
            (insight.Str("boardId"), insight.Str("text"), insight.Str("proximity"), insight.Str("origin"), insight.Str("submittedBy"), insight.Str("status")));
        Assert.Equal((customer, "Bakery Müller"), (insight.Str("customer.id"), insight.Str("customer.name")));
        Assert.Equal(App.Clock.GetUtcNow(), insight.At("submittedAt").GetDateTimeOffset());
        foreach (var field in new[] { "card", "evidence", "dismissReason", "triagedBy", "triagedAt" })
            Assert.Equal(JsonValueKind.Null, insight.At(field).ValueKind);
        Assert.Equal(JsonValueKind.Null, response.Data.At("submitInsight.card").ValueKind);
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
        foreach (var reader in new[] { Alice, Bob, Vera })
        {
            var inbox = await reader.BoardAsync(board.BoardId, "newInsightCount insights { totalCount nodes { id text } }");
            Assert.Equal((1, 1), (inbox.Number("newInsightCount"), inbox.Number("insights.totalCount")));
            Assert.Equal(insight.Str("id"), inbox.Nodes("insights")[0].Str("id"));
        }

        Assert.Equal(insight.GetRawText(), (await InsightAsync(Bob, insight.Str("id"))).GetRawText());
    }

    [Fact]
    public async Task An_insight_needs_no_customer_and_no_origin()
    {
        var board = await BoardWithViewerAsync();

        var response = await SubmitAsync(Bob, board.BoardId, "Field sales re-type orders", "SECOND_HAND");

        Assert.True(response.Errors is null, response.Text);
        var insight = response.Data.At("submitInsight.insight");
        Assert.Equal(("SECOND_HAND", "", JsonValueKind.Null), (insight.Str("proximity"), insight.Str("origin"), insight.At("customer").ValueKind));
    }

    public static TheoryData<string, string?, string> BadInput() => new()
    {
        { "", "DIRECT_CONTACT", "text" },
        { "   ", "DIRECT_CONTACT", "text" },
        { new string('x', 4001), "DIRECT_CONTACT", "text" },
        { "Fine text", "CLOSE_ENOUGH", "proximity" },
        { "Fine text", null, "proximity" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Empty_or_too_long_text_and_a_missing_or_unknown_proximity_are_VALIDATION_and_submit_nothing(string text, string? proximity, string field)
    {
        var board = await BoardWithViewerAsync();
        var before = await BoardStateAsync(board.BoardId);

        var response = await Vera.MutateAsync("submitInsight", "SubmitInsightInput", new { boardId = board.BoardId, text, proximity }, "insight { id }");

        AssertRefused(response, "VALIDATION", field);
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
    }

    [Fact]
    public async Task An_origin_longer_than_300_characters_is_VALIDATION()
    {
        var board = await BoardWithViewerAsync();

        var response = await SubmitAsync(Vera, board.BoardId, origin: new string('o', 301));

        AssertRefused(response, "VALIDATION", "origin");
        Assert.Equal(0, (await Alice.BoardAsync(board.BoardId, "newInsightCount")).Number("newInsightCount"));
    }

    [Fact]
    public async Task An_unknown_or_foreign_customer_is_NOT_FOUND_and_an_archived_one_VALIDATION()
    {
        var board = await BoardWithViewerAsync();
        var elsewhere = await Alice.CreateBoardAsync("Another board");
        var foreign = await AddCustomerAsync(elsewhere.BoardId, "Someone else's customer");
        var archived = await AddCustomerAsync(board.BoardId, "Gone quiet", archived: true);
        var before = await BoardStateAsync(board.BoardId);

        var unknown = await SubmitAsync(Vera, board.BoardId, customerId: GlobalIds.Global("Customer", Guid.NewGuid()));
        var notACustomer = await SubmitAsync(Vera, board.BoardId, customerId: board.BoardId);
        var ofAnotherBoard = await SubmitAsync(Alice, board.BoardId, customerId: foreign);
        var ofThisBoardButArchived = await SubmitAsync(Vera, board.BoardId, customerId: archived);

        AssertRefused(unknown, "NOT_FOUND");
        AssertRefused(notACustomer, "NOT_FOUND");
        AssertRefused(ofAnotherBoard, "NOT_FOUND");
        Assert.DoesNotContain("Someone else's customer", ofAnotherBoard.Text, StringComparison.Ordinal);
        AssertRefused(ofThisBoardButArchived, "VALIDATION", "customerId");
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
    }

    [Fact]
    public async Task Someone_not_on_the_board_cannot_submit_or_read_an_insight()
    {
        var board = await BoardWithViewerAsync();
        var insight = await SubmittedAsync(Vera, board.BoardId);
        var nina = App.ClientFor("nina");

        var submitted = await SubmitAsync(nina, board.BoardId);
        var read = await nina.SendAsync("query($id: ID!) { node(id: $id) { id } }", new { id = insight });

        AssertRefused(submitted, "NOT_FOUND");
        AssertRefused(read, "NOT_FOUND");
        Assert.Equal(1, (await Alice.BoardAsync(board.BoardId, "newInsightCount")).Number("newInsightCount"));
    }
}

public sealed class SqliteInsightSubmitTests(SqliteApp app) : InsightSubmitTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresInsightSubmitTests(PostgresApp app) : InsightSubmitTests(app), IClassFixture<PostgresApp>;

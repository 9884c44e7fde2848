using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Evidence that names a customer and how close to them it came from, and what the card measures of it.</summary>
public abstract class CustomerEvidenceTests(KanbanApp app) : CustomerTestBase(app)
{
    private const string Measures = "reach customerCount lastEvidenceAt evidenceCounts { selfIsCustomer directContact secondHand total } customers { id name } " +
                                    "evidence { nodes { id proximity customer { id } } }";

    [Fact]
    public async Task Evidence_names_customers_at_a_proximity_and_the_card_measures_distinct_customers_counts_and_the_newest_time()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var acme = await CustomerAsync(board.BoardId, "Acme");
        var zeta = await CustomerAsync(board.BoardId, "Zeta staff", "INTERNAL");
        var empty = await Alice.CardAsync(card, Measures);
        Assert.Equal((0, JsonValueKind.Null, 0), (empty.Number("customerCount"), empty.GetProperty("lastEvidenceAt").ValueKind, empty.Number("evidenceCounts.total")));

        var direct = await AddEvidenceAsync(Bob, card, acme, "DIRECT_CONTACT");
        Assert.True(direct.Errors is null, direct.Text);
        Assert.Equal(("DIRECT_CONTACT", acme, "Acme"), (direct.Data.Str("addEvidence.evidence.proximity"), direct.Data.Str("addEvidence.evidence.customer.id"), direct.Data.Str("addEvidence.evidence.customer.name")));
        App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await AddEvidenceAsync(Bob, card, zeta, "SELF_IS_CUSTOMER")).Errors is null);
        Assert.True((await AddEvidenceAsync(Carol, card, acme, "SECOND_HAND")).Errors is null);
        var unnamed = await AddEvidenceAsync(Carol, card);
        Assert.Equal(("SECOND_HAND", JsonValueKind.Null), (unnamed.Data.Str("addEvidence.evidence.proximity"), unnamed.Data.At("addEvidence.evidence.customer").ValueKind));
        App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await AddEvidenceAsync(Carol, card, proximity: "DIRECT_CONTACT")).Errors is null);

        var measured = await Alice.CardAsync(card, Measures);
        Assert.Equal((0, 2), (measured.Number("reach"), measured.Number("customerCount")));
        Assert.Equal((1, 2, 2, 5), (measured.Number("evidenceCounts.selfIsCustomer"), measured.Number("evidenceCounts.directContact"),
            measured.Number("evidenceCounts.secondHand"), measured.Number("evidenceCounts.total")));
        Assert.Equal(App.Clock.GetUtcNow(), measured.GetProperty("lastEvidenceAt").GetDateTimeOffset());
        Assert.Equal(["Acme", "Zeta staff"], measured.GetProperty("customers").EnumerateArray().Select(c => c.Str("name")));
        Assert.Equal([acme, zeta, acme, null, null], measured.Nodes("evidence").Select(e => e.At("customer").ValueKind == JsonValueKind.Null ? null : e.Str("customer.id")));
        var counts = await Alice.DataAsync("query($id: ID!) { board(id: $id) { customers { nodes { name evidenceCount } } } }", new { id = board.BoardId });
        Assert.Equal([("Acme", 2), ("Zeta staff", 1)], counts.Nodes("board.customers").Select(c => (c.Str("name"), c.Number("evidenceCount"))));

        // Removing Zeta's only evidence takes Zeta off the card; the newest evidence is still the last one.
        var zetaEvidence = measured.Nodes("evidence")[1].Str("id");
        Assert.True((await Bob.MutateAsync("removeEvidence", "RemoveEvidenceInput", new { evidenceId = zetaEvidence }, "removedEvidenceId")).Errors is null);
        var after = await Alice.CardAsync(card, Measures);
        Assert.Equal((1, 0, 4), (after.Number("customerCount"), after.Number("evidenceCounts.selfIsCustomer"), after.Number("evidenceCounts.total")));
        Assert.Equal(["Acme"], after.GetProperty("customers").EnumerateArray().Select(c => c.Str("name")));
    }

    [Fact]
    public async Task Card_customers_takes_the_first_n_by_name_and_refuses_a_size_outside_the_page_limits()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        Assert.True((await AddEvidenceAsync(Bob, card, await CustomerAsync(board.BoardId, "Zeta"), "DIRECT_CONTACT")).Errors is null);
        Assert.True((await AddEvidenceAsync(Bob, card, await CustomerAsync(board.BoardId, "Acme"), "SECOND_HAND")).Errors is null);

        var first = await Alice.CardAsync(card, "customerCount customers(first: 1) { name }");
        var refused = await Alice.SendAsync("query($id: ID!) { card(id: $id) { customers(first: 0) { name } } }", new { id = card });

        Assert.Equal(2, first.Number("customerCount"));
        Assert.Equal(["Acme"], first.GetProperty("customers").EnumerateArray().Select(c => c.Str("name")));
        Assert.Equal("VALIDATION", Assert.Single(refused.Errors!.Value.EnumerateArray()).Str("extensions.code"));
    }

    [Fact]
    public async Task Naming_a_customer_without_a_proximity_is_refused_and_nothing_is_written()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var acme = await CustomerAsync(board.BoardId, "Acme");
        var before = await Alice.EventCountAsync(board.BoardId);

        var refused = await AddEvidenceAsync(Bob, card, acme);

        AssertRefused(refused, "VALIDATION", "proximity");
        Assert.Contains("proximity", refused.Errors!.Value[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertUnchangedAsync(board.BoardId, card, before);
    }

    [Fact]
    public async Task A_customer_the_caller_cannot_see_is_not_found_and_one_of_their_other_board_or_archived_is_invalid()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var aliceOther = await Alice.CreateTeamBoardAsync("Alice's other board");
        var elsewhere = await CustomerAsync(aliceOther.BoardId, "Elsewhere");
        var dave = App.ClientFor("dave");
        var davesBoard = await dave.CreateBoardAsync("Dave's board");
        var hidden = CustomerOf(await AddCustomerAsync(dave, new { boardId = davesBoard.BoardId, name = "Dave's customer" }), "addCustomer").Str("id");
        var archived = await CustomerAsync(board.BoardId, "Gone");
        CustomerOf(await ChangeCustomerAsync(Alice, "archiveCustomer", "CustomerChangeInput", new { customerId = archived }), "archiveCustomer");
        var before = await Alice.EventCountAsync(board.BoardId);

        foreach (var customerId in new[] { hidden, KanbanCustomer.Api.Common.Ids.Global("Customer", Guid.NewGuid()), "garbage", card })
        {
            var response = await AddEvidenceAsync(Bob, card, customerId, "DIRECT_CONTACT");
            AssertRefused(response, "NOT_FOUND");
            Assert.DoesNotContain("Dave's customer", response.Text, StringComparison.Ordinal);
        }

        AssertRefused(await AddEvidenceAsync(Alice, card, elsewhere, "DIRECT_CONTACT"), "VALIDATION", "customerId");
        AssertRefused(await AddEvidenceAsync(Bob, card, archived, "SECOND_HAND"), "VALIDATION", "customerId");
        await AssertUnchangedAsync(board.BoardId, card, before);
    }

    [Fact]
    public async Task Evidence_keeps_its_archived_customer_on_the_card()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var acme = await CustomerAsync(board.BoardId, "Acme");
        Assert.True((await AddEvidenceAsync(Bob, card, acme, "DIRECT_CONTACT")).Errors is null);

        CustomerOf(await ChangeCustomerAsync(Alice, "archiveCustomer", "CustomerChangeInput", new { customerId = acme }), "archiveCustomer");

        var after = await Alice.CardAsync(card, "customerCount customers { name isArchived } evidence { nodes { customer { name } } }");
        Assert.Equal(1, after.Number("customerCount"));
        Assert.True(Assert.Single(after.GetProperty("customers").EnumerateArray()).GetProperty("isArchived").GetBoolean());
        Assert.Equal("Acme", after.Nodes("evidence")[0].Str("customer.name"));
    }

    private async Task AssertUnchangedAsync(string boardId, string cardId, long eventsBefore)
    {
        var card = await Alice.CardAsync(cardId, "version customerCount evidence { nodes { id } }");
        Assert.Equal((1, 0), (card.Number("version"), card.Number("customerCount")));
        Assert.Empty(card.Nodes("evidence"));
        Assert.Equal(eventsBefore, await Alice.EventCountAsync(boardId));
    }
}

public sealed class SqliteCustomerEvidenceTests(SqliteApp app) : CustomerEvidenceTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCustomerEvidenceTests(PostgresApp app) : CustomerEvidenceTests(app), IClassFixture<PostgresApp>;

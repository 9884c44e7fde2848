using System.Text.Json;
using GlobalIds = KanbanCustomer.Api.Common.Ids;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Triage: attach, promote or dismiss, once, by members; what each refuses and leaves alone.</summary>
public abstract class InsightTriageTests(KanbanApp app) : InsightTestBase(app)
{
    private static readonly string[] OrderTags = ["orders"];

    [Fact]
    public async Task Attaching_makes_evidence_that_keeps_the_submitter_and_the_submission_time_and_counts_in_the_cards_measures()
    {
        var board = await BoardWithViewerAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId, "Invoices are unreadable")).Str("id");
        var customer = await AddCustomerAsync(board.BoardId, "Bakery Müller");
        var submittedAt = App.Clock.GetUtcNow();
        var submitted = await SubmitAsync(Vera, board.BoardId, "They print every invoice", "DIRECT_CONTACT", customer, "Visit");
        var insight = submitted.Data.Str("submitInsight.insight.id");
        App.Clock.Advance(TimeSpan.FromHours(3));
        var before = await Alice.EventCountAsync(board.BoardId);

        var attached = await AttachAsync(Bob, insight, card);

        Assert.True(attached.Errors is null, attached.Text);
        var result = attached.Data.At("attachInsight.insight");
        Assert.Equal(("ATTACHED", card, "bob"), (result.Str("status"), result.Str("card.id"), result.Str("triagedBy")));
        Assert.Equal(App.Clock.GetUtcNow(), result.At("triagedAt").GetDateTimeOffset());
        var evidence = result.At("evidence");
        Assert.Equal((card, "They print every invoice", "Visit", "DIRECT_CONTACT", "vera"),
            (evidence.Str("cardId"), evidence.Str("content"), evidence.Str("source"), evidence.Str("proximity"), evidence.Str("recordedBy")));
        Assert.Equal(submittedAt, evidence.At("recordedAt").GetDateTimeOffset());
        Assert.Equal((card, 2), (attached.Data.Str("attachInsight.card.id"), attached.Data.Number("attachInsight.card.version")));
        Assert.Equal([evidence.Str("id")], Ids((await Alice.CardAsync(card, "evidence { nodes { id } }")).At("evidence.nodes")));
        var stored = await StoredCardAsync(card);
        Assert.Equal((1, 1, 0, submittedAt), (stored.CustomerCount, stored.DirectEvidenceCount, stored.SecondHandEvidenceCount, stored.LastEvidenceAt));
        Assert.Equal(App.Clock.GetUtcNow(), stored.LastActivityAt);
        Assert.Equal(0, (await Alice.BoardAsync(board.BoardId, "newInsightCount")).Number("newInsightCount"));
        Assert.Equal(before + 2, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Promoting_makes_a_card_as_createCard_does_with_the_insight_as_its_first_evidence()
    {
        var board = await BoardWithViewerAsync();
        var submittedAt = App.Clock.GetUtcNow();
        var insight = await SubmittedAsync(Vera, board.BoardId, "Warehouse staff re-type every order");
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        var before = await Alice.EventCountAsync(board.BoardId);

        var promoted = await PromoteAsync(Carol, new
        {
            insightId = insight, title = "Orders are typed twice", columnId = board.ColumnIds[1], swimlaneId = board.SwimlaneIds[1],
            impact = 4, tags = OrderTags, problemStatement = "Every order is entered twice",
        });

        Assert.True(promoted.Errors is null, promoted.Text);
        var card = promoted.Data.At("promoteInsight.card");
        Assert.Equal(("Orders are typed twice", board.ColumnIds[1], board.SwimlaneIds[1], "INTERNAL", 4, "carol"),
            (card.Str("title"), card.Str("column.id"), card.Str("swimlane.id"), card.Str("customerKind"), card.Number("impact"), card.Str("reporterId")));
        Assert.Equal(["orders"], card.At("tags").EnumerateArray().Select(t => t.GetString()));
        var evidence = Assert.Single(card.Nodes("evidence"));
        Assert.Equal(("Warehouse staff re-type every order", "vera", submittedAt),
            (evidence.Str("content"), evidence.Str("recordedBy"), evidence.At("recordedAt").GetDateTimeOffset()));
        var result = promoted.Data.At("promoteInsight.insight");
        Assert.Equal(("PROMOTED", card.Str("id"), evidence.Str("id"), "carol"),
            (result.Str("status"), result.Str("card.id"), result.Str("evidence.id"), result.Str("triagedBy")));
        Assert.Equal(card.Str("id"), (await Alice.CardAsync(card.Str("id"), "id")).Str("id"));
        // The card, its evidence, and the triage.
        Assert.Equal(before + 3, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_promotion_the_new_card_cannot_have_leaves_no_card_and_the_insight_in_the_inbox()
    {
        var board = await BoardWithViewerAsync(columns: new object[] { new { name = "Inbox", wipLimit = 1 }, new { name = "Later" } });
        await Alice.CreateCardAsync(board.BoardId, "Fills the inbox column");
        var insight = await SubmittedAsync(Vera, board.BoardId);
        var before = await BoardStateAsync(board.BoardId);

        var full = await PromoteAsync(Bob, new { insightId = insight, title = "Goes to the full column" });
        var untitled = await PromoteAsync(Bob, new { insightId = insight, title = " ", columnId = board.ColumnIds[1] });
        var badColumn = await PromoteAsync(Bob, new { insightId = insight, title = "Somewhere", columnId = GlobalIds.Global("Column", Guid.NewGuid()) });

        AssertRefused(full, "WIP_LIMIT_REACHED");
        AssertRefused(untitled, "VALIDATION", "title");
        AssertRefused(badColumn, "NOT_FOUND");
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
        Assert.Equal("NEW", (await InsightAsync(Alice, insight)).Str("status"));

        // Once triaged, that is what a promotion hears first, even where the card could not be made anyway.
        Assert.True((await DismissAsync(Bob, insight)).Errors is null);
        AssertRefused(await PromoteAsync(Bob, new { insightId = insight, title = "Goes to the full column" }), "ALREADY_TRIAGED", "insightId");
    }

    [Fact]
    public async Task Dismissing_keeps_the_reason_for_the_submitter_and_an_empty_reason_is_VALIDATION()
    {
        var board = await BoardWithViewerAsync();
        var insight = await SubmittedAsync(Vera, board.BoardId);

        var empty = await DismissAsync(Bob, insight, "  ");
        var dismissed = await DismissAsync(Bob, insight, "We solved this last quarter");

        AssertRefused(empty, "VALIDATION", "reason");
        Assert.True(dismissed.Errors is null, dismissed.Text);
        var seen = await InsightAsync(Vera, insight);
        Assert.Equal(("DISMISSED", "We solved this last quarter", "bob"), (seen.Str("status"), seen.Str("dismissReason"), seen.Str("triagedBy")));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (seen.At("card").ValueKind, seen.At("evidence").ValueKind));
        Assert.Equal(JsonValueKind.Null, dismissed.Data.At("dismissInsight.card").ValueKind);
    }

    [Fact]
    public async Task A_viewer_may_submit_but_not_triage()
    {
        var board = await BoardWithViewerAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var insight = await SubmittedAsync(Vera, board.BoardId);
        var before = await BoardStateAsync(board.BoardId);

        AssertRefused(await AttachAsync(Vera, insight, card), "FORBIDDEN");
        AssertRefused(await PromoteAsync(Vera, new { insightId = insight, title = "Mine now" }), "FORBIDDEN");
        AssertRefused(await DismissAsync(Vera, insight), "FORBIDDEN");
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
    }

    [Fact]
    public async Task A_triaged_insight_is_ALREADY_TRIAGED_for_every_further_triage()
    {
        var board = await BoardWithViewerAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var other = (await Alice.CreateCardAsync(board.BoardId, "Another card")).Str("id");
        var insight = await SubmittedAsync(Vera, board.BoardId);
        Assert.True((await AttachAsync(Bob, insight, card)).Errors is null);
        var before = await BoardStateAsync(board.BoardId);

        var responses = new[]
        {
            await AttachAsync(Carol, insight, other),
            await AttachAsync(Carol, insight, card),
            await PromoteAsync(Carol, new { insightId = insight, title = "A second card" }),
            await DismissAsync(Carol, insight),
        };

        Assert.All(responses, r => AssertRefused(r, "ALREADY_TRIAGED", "insightId"));
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
    }

    [Fact]
    public async Task Ids_of_unknown_or_foreign_insights_and_cards_are_NOT_FOUND_and_an_archived_card_VALIDATION()
    {
        var board = await BoardWithViewerAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var archived = (await Alice.CreateCardAsync(board.BoardId, "Archived")).Str("id");
        await Alice.DataAsync("mutation($id: ID!) { archiveCard(input: { cardId: $id }) { card { id } } }", new { id = archived });
        var elsewhere = await Bob.CreateBoardAsync("Bob's own board");
        var foreignCard = (await Bob.CreateCardAsync(elsewhere.BoardId, "Bob's private card")).Str("id");
        var foreignInsight = await SubmittedAsync(Bob, elsewhere.BoardId, "Bob's private insight");
        var insight = await SubmittedAsync(Vera, board.BoardId);
        var before = await BoardStateAsync(board.BoardId);

        AssertRefused(await AttachAsync(Bob, insight, foreignCard), "NOT_FOUND");
        AssertRefused(await AttachAsync(Bob, insight, GlobalIds.Global("Card", Guid.NewGuid())), "NOT_FOUND");
        AssertRefused(await AttachAsync(Bob, insight, insight), "NOT_FOUND");
        AssertRefused(await AttachAsync(Bob, insight, archived), "VALIDATION", "cardId");
        AssertRefused(await AttachAsync(Carol, foreignInsight, card), "NOT_FOUND");
        AssertRefused(await DismissAsync(Carol, GlobalIds.Global("Insight", Guid.NewGuid())), "NOT_FOUND");
        AssertRefused(await DismissAsync(Carol, card), "NOT_FOUND");
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
        Assert.Equal("NEW", (await InsightAsync(Bob, foreignInsight)).Str("status"));
    }

    [Fact]
    public async Task Attaching_an_insight_whose_customer_was_archived_since_is_VALIDATION()
    {
        var board = await BoardWithViewerAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var customer = await AddCustomerAsync(board.BoardId, "Leaving soon");
        var insight = await SubmittedAsync(Vera, board.BoardId, customerId: customer);
        await ArchiveCustomerAsync(customer);
        var before = await BoardStateAsync(board.BoardId);

        var attached = await AttachAsync(Bob, insight, card);

        AssertRefused(attached, "VALIDATION", "customerId");
        Assert.Equal(before, await BoardStateAsync(board.BoardId));
    }

    [Fact]
    public async Task Of_members_triaging_one_insight_at_once_exactly_one_succeeds_and_the_others_are_ALREADY_TRIAGED()
    {
        var board = await BoardWithViewerAsync();
        var cards = new[] { (await Alice.CreateCardAsync(board.BoardId, "First")).Str("id"), (await Alice.CreateCardAsync(board.BoardId, "Second")).Str("id") };
        for (var round = 0; round < 3; round++)
        {
            var insight = await SubmittedAsync(Vera, board.BoardId, $"Seen in round {round}");
            var cardsBefore = (await Alice.BoardAsync(board.BoardId, "cards { totalCount }")).Number("cards.totalCount");

            var responses = await Task.WhenAll(
                AttachAsync(Bob, insight, cards[0]), AttachAsync(Carol, insight, cards[1]),
                PromoteAsync(Alice, new { insightId = insight, title = $"Promoted in round {round}" }), DismissAsync(Bob, insight));

            var won = Assert.Single(responses, r => r.Errors is null);
            Assert.All(responses.Where(r => r.Errors is not null), r => AssertRefused(r, "ALREADY_TRIAGED", "insightId"));
            var result = await InsightAsync(Alice, insight);
            var evidenceOn = new List<string>();
            foreach (var card in (await Alice.BoardAsync(board.BoardId, "cards { nodes { id evidence { nodes { content } } } }")).Nodes("cards"))
            {
                if (card.Nodes("evidence").Any(e => e.Str("content") == $"Seen in round {round}"))
                    evidenceOn.Add(card.Str("id"));
            }

            var promoted = result.Str("status") == "PROMOTED";
            Assert.Equal(cardsBefore + (promoted ? 1 : 0), (await Alice.BoardAsync(board.BoardId, "cards { totalCount }")).Number("cards.totalCount"));
            Assert.Equal(result.Str("status") == "DISMISSED" ? [] : [result.Str("card.id")], evidenceOn);
            Assert.Contains(result.Str("status"), won.Text, StringComparison.Ordinal);
        }
    }
}

public sealed class SqliteInsightTriageTests(SqliteApp app) : InsightTriageTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresInsightTriageTests(PostgresApp app) : InsightTriageTests(app), IClassFixture<PostgresApp>;

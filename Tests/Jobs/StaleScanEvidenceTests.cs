using KanbanCustomer.Api.Common;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Jobs;

/// <summary>The LAST_EVIDENCE basis: "no new evidence for N days", whatever else happens to the card.</summary>
public abstract class StaleScanEvidenceTests(KanbanApp app) : StaleScanTestBase(app)
{
    private static readonly object[] EvidenceColumns =
    [
        new { name = "Understanding", staleAfter = "PT1H", staleBasis = "LAST_EVIDENCE" },
        new { name = "Done", isDone = true },
    ];

    [Fact]
    public async Task A_card_is_stale_an_hour_after_its_newest_evidence_however_recently_it_was_edited()
    {
        var board = await Alice.CreateBoardAsync(columns: EvidenceColumns);
        var card = await CardIdAsync(board.BoardId);
        App.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null((await Alice.MutateAsync("addEvidence", "AddEvidenceInput",
            new { cardId = Ids.Global("Card", card), kind = "QUOTE", content = "Still waiting for the invoice" }, "evidence { id }")).Errors);

        App.Clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Null((await Alice.ChangeCardAsync("updateCard", "UpdateCardInput", new { cardId = Ids.Global("Card", card), title = "Invoices arrive late" })).Errors);
        await ScanAsync();
        Assert.Null(await StaleSinceAsync(card));

        App.Clock.Advance(TimeSpan.FromMinutes(11));
        await ScanAsync();

        Assert.NotNull(await StaleSinceAsync(card));
        var flagged = await LastEventAsync(card, "CardFlaggedStale");
        Assert.Equal("lastEvidence", flagged.Payload.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task A_card_without_evidence_counts_from_when_it_was_reported()
    {
        var board = await Alice.CreateBoardAsync(columns: EvidenceColumns);
        var card = await CardIdAsync(board.BoardId);

        App.Clock.Advance(TimeSpan.FromMinutes(59));
        await ScanAsync();
        Assert.Null(await StaleSinceAsync(card));
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await ScanAsync();

        Assert.NotNull(await StaleSinceAsync(card));
    }
}

public sealed class SqliteStaleScanEvidenceTests(SqliteApp app) : StaleScanEvidenceTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStaleScanEvidenceTests(PostgresApp app) : StaleScanEvidenceTests(app), IClassFixture<PostgresApp>;

using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Adding and removing evidence on a card.</summary>
public abstract class CardEvidenceTests(KanbanApp app) : CardMutationTestBase(app)
{
    [Fact]
    public async Task Evidence_of_every_kind_can_be_added()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);
        (string Kind, string Content, string Source)[] pieces =
        [
            ("QUOTE", "\"I gave up after the third try.\"", "Customer call"),
            ("OBSERVATION", "Support gets five tickets a day about it.", "Support team"),
            ("METRIC", "Checkout abandonment 38%", "Analytics"),
            ("LINK", "https://example.com/tickets/4711", "Ticket"),
        ];

        var version = 1;
        foreach (var (kind, content, source) in pieces)
        {
            var response = await Bob.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind, content, source },
                "evidence { id kind content source recordedBy } card { version }");
            Assert.True(response.Errors is null, response.Text);
            var added = response.Data.At("addEvidence.evidence");
            Assert.Equal((kind, content, source, "bob"), (added.Str("kind"), added.Str("content"), added.Str("source"), added.Str("recordedBy")));
            Assert.Equal(++version, response.Data.Number("addEvidence.card.version"));
        }

        var evidence = (await Alice.CardAsync(cardId, "evidence { nodes { kind content cardId } }")).At("evidence.nodes");
        Assert.Equal(pieces.Select(p => (p.Kind, p.Content)), evidence.EnumerateArray().Select(e => (e.Str("kind"), e.Str("content"))));
        Assert.All(evidence.EnumerateArray(), e => Assert.Equal(cardId, e.Str("cardId")));
        Assert.Equal(before + pieces.Length, await Alice.EventCountAsync(board.BoardId));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("example.com/page")]
    [InlineData("ftp://example.com/file")]
    public async Task A_link_that_is_not_a_web_url_is_refused_on_the_content_field(string content)
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "LINK", content }, "evidence { id }");

        AssertRefused(response, "VALIDATION", "content");
        var card = await Alice.CardAsync(cardId, "version evidence { nodes { id } }");
        Assert.Empty(card.Nodes("evidence"));
        Assert.Equal(1, card.Number("version"));
        Assert.Equal(before, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task Evidence_can_be_removed_and_the_history_keeps_it()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var cardId = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var added = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "QUOTE", content = "It is too slow." }, "evidence { id }");
        Assert.True(added.Errors is null, added.Text);
        var keep = await Alice.MutateAsync("addEvidence", "AddEvidenceInput", new { cardId, kind = "METRIC", content = "p95 12 s" }, "evidence { id }");
        Assert.True(keep.Errors is null, keep.Text);
        var evidenceId = added.Data.Str("addEvidence.evidence.id");
        var before = await Alice.EventCountAsync(board.BoardId);

        var removed = await Bob.MutateAsync("removeEvidence", "RemoveEvidenceInput", new { evidenceId }, "evidence { id } removedEvidenceId card { version evidence { nodes { id } } }");

        Assert.True(removed.Errors is null, removed.Text);
        Assert.Equal(JsonValueKind.Null, removed.Data.At("removeEvidence.evidence").ValueKind);
        Assert.Equal(evidenceId, removed.Data.Str("removeEvidence.removedEvidenceId"));
        Assert.Equal(4, removed.Data.Number("removeEvidence.card.version"));
        var card = await Alice.CardAsync(cardId, $"evidence {{ nodes {{ id }} }} {EventFields}");
        Assert.Equal([keep.Data.Str("addEvidence.evidence.id")], Ids(card.At("evidence.nodes")));
        var last = card.Nodes("events").Last();
        Assert.Equal(("EvidenceRemoved", "bob"), (last.Str("type"), last.Str("actor.userId")));
        Assert.Contains("It is too slow.", last.Str("payload"), StringComparison.Ordinal);
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));

        var again = await Bob.MutateAsync("removeEvidence", "RemoveEvidenceInput", new { evidenceId }, "removedEvidenceId");
        AssertRefused(again, "NOT_FOUND");
        Assert.Equal(before + 1, await Alice.EventCountAsync(board.BoardId));
    }
}

public sealed class SqliteCardEvidenceTests(SqliteApp app) : CardEvidenceTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCardEvidenceTests(PostgresApp app) : CardEvidenceTests(app), IClassFixture<PostgresApp>;

using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Writes to one board race for real: parallel HTTP requests against one database.</summary>
public abstract class ConcurrencyTests(KanbanApp app) : ApiTestBase(app)
{
    [Fact]
    public async Task Parallel_moves_into_a_column_never_exceed_its_WIP_limit()
    {
        var board = await Alice.CreateTeamBoardAsync(columns: new object[]
        {
            new { name = "Inbox" },
            new { name = "Doing", wipLimit = 3 },
        });
        var cards = new List<string>();
        for (var i = 0; i < 10; i++)
            cards.Add((await Alice.CreateCardAsync(board.BoardId, $"Problem {i}")).Str("id"));

        var responses = await Task.WhenAll(cards.Select(id => Alice.MoveCardAsync(id, board.ColumnIds[1])));

        Assert.Equal(3, responses.Count(r => r.Errors is null));
        Assert.All(responses.Where(r => r.Errors is not null), r => Assert.Equal("WIP_LIMIT_REACHED", r.ErrorCode));
        var doing = await Alice.DataAsync("query($id: ID!) { board(id: $id) { columns { cardCount } } }", new { id = board.BoardId });
        Assert.Equal(3, doing.Number("board.columns.1.cardCount"));
    }

    [Fact]
    public async Task Of_parallel_edits_made_against_the_same_version_exactly_one_wins()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = await Alice.CreateCardAsync(board.BoardId);
        var version = card.Number("version");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? Alice : Bob).SendAsync(
            "mutation($input: UpdateCardInput!) { updateCard(input: $input) { card { version title } } }",
            new { input = new { cardId = card.Str("id"), expectedVersion = version, title = $"Edit {i}" } })));

        Assert.Single(responses, r => r.Errors is null);
        var conflicts = responses.Where(r => r.Errors is not null).ToList();
        Assert.All(conflicts, r =>
        {
            Assert.Equal("CONFLICT", r.ErrorCode);
            Assert.Equal(version + 1, r.FirstErrorExtensions.GetProperty("currentVersion").GetInt32());
        });
    }

    [Fact]
    public async Task Of_parallel_removals_of_one_piece_of_evidence_one_removes_it_and_the_others_are_NOT_FOUND()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var card = (await Alice.CreateCardAsync(board.BoardId)).Str("id");
        var evidence = (await Alice.DataAsync(
            "mutation($id: ID!) { addEvidence(input: { cardId: $id, kind: OBSERVATION, content: \"Seen twice\" }) { evidence { id } } }",
            new { id = card })).Str("addEvidence.evidence.id");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? Alice : Bob).SendAsync(
            "mutation($id: ID!) { removeEvidence(input: { evidenceId: $id }) { removedEvidenceId } }", new { id = evidence })));

        Assert.Single(responses, r => r.Errors is null);
        Assert.All(responses.Where(r => r.Errors is not null), r => Assert.Equal("NOT_FOUND", r.ErrorCode));
    }

    [Fact]
    public async Task Parallel_writes_to_one_board_get_gapless_unique_event_numbers()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var before = await Alice.EventCountAsync(board.BoardId);

        var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Alice.CreateCardAsync(board.BoardId, $"Parallel {i}")));

        var data = await Alice.DataAsync(
            "query($id: ID!) { board(id: $id) { lastEventSeq cards(first: 20) { nodes { id rank events { nodes { seq } } } } } }", new { id = board.BoardId });
        Assert.Equal(before + 12, data.Number("board.lastEventSeq"));
        var seqs = data.Nodes("board.cards").SelectMany(c => c.Nodes("events")).Select(e => e.Number("seq")).Order().ToList();
        Assert.Equal(Enumerable.Range((int)before + 1, 12), seqs);
        var ranks = data.Nodes("board.cards").Select(c => c.Str("rank")).ToList();
        Assert.Equal(ranks.Count, ranks.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(12, created.Length);
    }

    [Fact]
    public async Task Parallel_drops_into_the_same_slot_still_give_a_strict_order()
    {
        var board = await Alice.CreateTeamBoardAsync();
        var (column, lane) = (board.ColumnIds[0], board.SwimlaneIds[0]);
        var anchor = (await Alice.CreateCardAsync(board.BoardId, "Anchor", column, lane)).Str("id");
        var last = (await Alice.CreateCardAsync(board.BoardId, "Last", column, lane)).Str("id");
        var movers = new List<string>();
        for (var i = 0; i < 8; i++)
            movers.Add((await Alice.CreateCardAsync(board.BoardId, $"Mover {i}", board.ColumnIds[1], lane)).Str("id"));

        var responses = await Task.WhenAll(movers.Select(id => Alice.MoveCardAsync(id, column, lane, afterCardId: anchor)));

        Assert.All(responses, r => Assert.Null(r.Errors));
        var data = await Alice.DataAsync("query($id: ID!, $c: ID!) { board(id: $id) { cards(where: { columnId: { eq: $c } }) { nodes { id rank } } } }",
            new { id = board.BoardId, c = column });
        var cell = data.Nodes("board.cards").Select(c => (Id: c.Str("id"), Rank: c.Str("rank"))).ToList();
        Assert.Equal(10, cell.Count);
        Assert.Equal(anchor, cell[0].Id);
        Assert.Equal(last, cell[^1].Id);
        for (var i = 1; i < cell.Count; i++)
            Assert.True(string.CompareOrdinal(cell[i - 1].Rank, cell[i].Rank) < 0, $"{cell[i - 1].Rank} !< {cell[i].Rank}");
    }
}

public sealed class SqliteConcurrencyTests(SqliteApp app) : ConcurrencyTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresConcurrencyTests(PostgresApp app) : ConcurrencyTests(app), IClassFixture<PostgresApp>;

using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Rank keys under the worst pattern a team produces: everyone drops cards into the same slot. Keys at one slot grow
/// by about a character every six drops, so 150 drops must go through the rebalance at <see cref="RankKey.MaxLength"/>.
/// </summary>
public abstract class RankOrderTests(KanbanApp app) : ApiTestBase(app)
{
    private const int Moves = 150;
    private const int BatchSize = 10;

    [Fact]
    public async Task Dropping_cards_into_one_slot_150_times_keeps_the_intended_order_and_short_keys()
    {
        var board = await Alice.CreateTeamBoardAsync("Rank stress", columns: new object[] { new { name = "Left" }, new { name = "Right" } },
            swimlanes: new object[] { new { name = "Everyone", customerKind = "EXTERNAL" } });
        var (leftColumn, rightColumn, lane) = (board.ColumnIds[0], board.ColumnIds[1], board.SwimlaneIds[0]);
        var left = new List<string>();
        var right = new List<string>();
        for (var i = 0; i < 6; i++)
            left.Add((await Alice.CreateCardAsync(board.BoardId, $"Left {i}", columnId: leftColumn)).Str("id"));
        for (var i = 0; i < Moves / 6; i++)
            right.Add((await Alice.CreateCardAsync(board.BoardId, $"Right {i}", columnId: rightColumn)).Str("id"));
        // The anchor never moves; every drop lands right after it.
        var anchor = left[0];
        var firstAnchorRank = (await Alice.CellRanksAsync(board.BoardId, leftColumn, lane))[0].Rank;
        var anchorReranked = false;
        var seqBefore = await Alice.EventCountAsync(board.BoardId);
        GraphQLClient[] people = [Alice, Bob];

        for (var move = 0; move < Moves; move++)
        {
            // Mostly the left cell's last card jumps to the slot after the anchor (the slot narrows every time);
            // every sixth drop into that slot comes from the other column instead.
            var from = move % 6 == 5 ? right : left;
            var cardId = from[^1];
            var response = await people[move % 2].MutateAsync("moveCard", "MoveCardInput", new { cardId, toColumnId = leftColumn, afterCardId = anchor }, "card { rank }");
            Assert.True(response.Errors is null, $"Move {move}: {response.Text}");
            var rank = response.Data.Str("moveCard.card.rank");
            Assert.True(rank.Length <= RankKey.MaxLength, $"Move {move} wrote the {rank.Length}-character key '{rank}'.");
            from.Remove(cardId);
            left.Insert(1, cardId);

            if ((move + 1) % BatchSize == 0)
            {
                var leftCell = await Alice.CellRanksAsync(board.BoardId, leftColumn, lane);
                AssertCell(left, leftCell, move);
                AssertCell(right, await Alice.CellRanksAsync(board.BoardId, rightColumn, lane), move);
                anchorReranked |= leftCell[0].Rank != firstAnchorRank;
            }
        }

        // Each move appends one CardMoved; anything beyond that is a CardsReranked from a rebalance.
        Assert.Empty(right);
        var rebalances = await Alice.EventCountAsync(board.BoardId) - seqBefore - Moves;
        Assert.True(rebalances > 0, "150 drops into one slot should have needed a rebalance.");
        Assert.True(anchorReranked, "A rebalance should have given the untouched anchor card a new key.");
    }

    private static void AssertCell(List<string> intended, IReadOnlyList<RankedId> listed, int move)
    {
        Assert.True(intended.SequenceEqual(listed.Select(c => c.Id)), $"After move {move} the cell is not in the intended order.");
        for (var i = 0; i < listed.Count; i++)
        {
            Assert.True(listed[i].Rank.Length <= RankKey.MaxLength, $"After move {move}: key '{listed[i].Rank}' is longer than {RankKey.MaxLength}.");
            if (i > 0)
                Assert.True(string.CompareOrdinal(listed[i - 1].Rank, listed[i].Rank) < 0, $"After move {move}: '{listed[i - 1].Rank}' does not sort before '{listed[i].Rank}'.");
        }
    }
}

public sealed class SqliteRankOrderTests(SqliteApp app) : RankOrderTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresRankOrderTests(PostgresApp app) : RankOrderTests(app), IClassFixture<PostgresApp>;

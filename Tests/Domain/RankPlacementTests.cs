using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>
/// Placing a card in a cell by rank: next to its neighbours, the refusals, rebalancing, and many random moves.
/// </summary>
public sealed class RankPlacementTests : RankKeyTestBase
{
    [Fact]
    public void Placing_into_an_empty_cell_gives_a_key_without_rebalance()
    {
        var placement = LanePlacement.Place([], Guid.NewGuid(), null, null);

        Assert.True(RankKey.IsValid(placement.Rank));
        Assert.Empty(placement.Rebalanced);
    }

    [Fact]
    public void Placing_after_and_before_a_card_puts_the_card_between_its_neighbours()
    {
        var (a, b) = (new RankedCard(Guid.NewGuid(), "a"), new RankedCard(Guid.NewGuid(), "b"));
        RankedCard[] cell = [a, b];

        var afterA = LanePlacement.Place(cell, Guid.NewGuid(), a.CardId, null);
        var beforeA = LanePlacement.Place(cell, Guid.NewGuid(), null, a.CardId);
        var atEnd = LanePlacement.Place(cell, Guid.NewGuid(), null, null);

        AssertBetween("a", afterA.Rank, "b");
        AssertBetween(null, beforeA.Rank, "a");
        AssertBetween("b", atEnd.Rank, null);
    }

    [Fact]
    public void Placing_both_after_and_before_a_card_is_refused()
    {
        var a = new RankedCard(Guid.NewGuid(), "a");

        var error = Assert.Throws<DomainException>(() => LanePlacement.Place([a], Guid.NewGuid(), a.CardId, a.CardId));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("afterCardId", error.Field);
    }

    [Fact]
    public void Placing_a_card_next_to_itself_is_refused()
    {
        var cardId = Guid.NewGuid();

        var error = Assert.Throws<DomainException>(() => LanePlacement.Place([], cardId, null, cardId));

        Assert.Equal(ErrorCodes.Validation, error.Code);
        Assert.Equal("beforeCardId", error.Field);
    }

    [Fact]
    public void Placing_next_to_a_card_outside_the_cell_is_not_found()
    {
        var a = new RankedCard(Guid.NewGuid(), "a");

        var error = Assert.Throws<DomainException>(() => LanePlacement.Place([a], Guid.NewGuid(), Guid.NewGuid(), null));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
        Assert.Equal("afterCardId", error.Field);
    }

    [Fact]
    public void Placing_between_duplicate_keys_rebalances_the_cell()
    {
        var cell = new List<RankedCard> { new(Guid.NewGuid(), "m"), new(Guid.NewGuid(), "m") };
        var cardId = Guid.NewGuid();

        var placement = LanePlacement.Place(cell, cardId, cell[0].CardId, null);

        Assert.NotEmpty(placement.Rebalanced);
        var ranks = Apply(cell, cardId, 1, placement);
        Assert.Equal([cell[0].CardId, cardId, cell[1].CardId], ranks.OrderBy(r => r.Rank, StringComparer.Ordinal).Select(r => r.CardId));
        AssertStrictlyIncreasing(ranks.OrderBy(r => r.Rank, StringComparer.Ordinal).Select(r => r.Rank).ToList());
    }

    [Fact]
    public void Thousands_of_random_moves_keep_every_cell_in_the_intended_order()
    {
        const int moves = 5000;
        var random = new Random(4242);
        var cells = new[] { new Cell(), new Cell() };
        var hot = cells[0];

        // The anchor never moves, so "before the anchor" is one fixed slot that keeps being hit.
        var anchor = Guid.NewGuid();
        Insert(hot, anchor, null, null);
        for (var i = 0; i < 30; i++)
            Insert(cells[random.Next(2)], Guid.NewGuid(), null, null);

        var rebalances = 0;
        for (var move = 0; move < moves; move++)
        {
            var movable = cells.SelectMany(c => c.Order).Where(id => id != anchor).ToList();
            var cardId = movable[random.Next(movable.Count)];
            var roll = random.NextDouble();

            Cell target;
            Guid? after = null;
            Guid? before = null;
            if (roll < 0.2)
            {
                target = hot;
                var first = hot.Sorted()[0].CardId;
                if (first == cardId)
                    before = anchor;
                else
                    after = first;
            }
            else if (roll < 0.4)
            {
                target = hot;
                before = anchor;
            }
            else
            {
                target = cells[random.Next(cells.Length)];
                var others = target.Order.Where(id => id != cardId).ToList();
                var where = random.Next(3);
                if (others.Count > 0 && where == 0)
                    after = others[random.Next(others.Count)];
                else if (others.Count > 0 && where == 1)
                    before = others[random.Next(others.Count)];
            }

            var source = cells.Single(c => c.Order.Contains(cardId));
            source.Remove(cardId);
            if (Insert(target, cardId, after, before))
                rebalances++;

            foreach (var cell in cells)
                cell.AssertConsistent(move);
        }

        Assert.Equal(31, cells.Sum(c => c.Order.Count));
        Assert.True(rebalances > 0, "The hot slots never forced a rebalance; the test does not exercise it.");
        Assert.True(rebalances < moves / 10, $"{rebalances} rebalances in {moves} moves is not rare.");
    }

    /// <summary>Places a card the way the API does and applies the result; true when neighbours were re-ranked.</summary>
    private static bool Insert(Cell cell, Guid cardId, Guid? after, Guid? before)
    {
        var others = cell.Sorted();
        var placement = LanePlacement.Place(others, cardId, after, before);

        Assert.True(placement.Rank.Length <= RankKey.MaxLength, $"Placed rank '{placement.Rank}' is longer than {RankKey.MaxLength}.");
        Assert.DoesNotContain(placement.Rebalanced, r => r.CardId == cardId);

        if ((after ?? before) is { } neighbour)
        {
            var at = cell.Order.IndexOf(neighbour);
            Assert.True(at >= 0, "The neighbour card is not in the intended order.");
            cell.Order.Insert(after is null ? at : at + 1, cardId);
        }
        else
        {
            cell.Order.Add(cardId);
        }

        cell.Ranks[cardId] = placement.Rank;
        foreach (var moved in placement.Rebalanced)
        {
            Assert.True(cell.Ranks.ContainsKey(moved.CardId), "A rebalance re-ranked a card outside the cell.");
            cell.Ranks[moved.CardId] = moved.Rank;
        }

        return placement.Rebalanced.Count > 0;
    }

    private static List<RankedCard> Apply(List<RankedCard> cell, Guid cardId, int index, Placement placement)
    {
        var rebalanced = placement.Rebalanced.ToDictionary(r => r.CardId, r => r.Rank);
        var result = cell.Select(c => rebalanced.TryGetValue(c.CardId, out var rank) ? c with { Rank = rank } : c).ToList();
        result.Insert(index, new RankedCard(cardId, placement.Rank));
        return result;
    }

    private static void AssertStrictlyIncreasing(List<string> ranks)
    {
        for (var i = 1; i < ranks.Count; i++)
            Assert.True(string.CompareOrdinal(ranks[i - 1], ranks[i]) < 0, $"'{ranks[i - 1]}' does not sort strictly before '{ranks[i]}'.");
    }

    /// <summary>One (column, swimlane) cell: the stored ranks, and the order the moves meant to produce.</summary>
    private sealed class Cell
    {
        public List<Guid> Order { get; } = [];

        public Dictionary<Guid, string> Ranks { get; } = [];

        /// <summary>The cell as the database returns it: ordered by rank, ordinally.</summary>
        public List<RankedCard> Sorted() =>
            Ranks.Select(r => new RankedCard(r.Key, r.Value)).OrderBy(r => r.Rank, StringComparer.Ordinal).ToList();

        public void Remove(Guid cardId)
        {
            Order.Remove(cardId);
            Ranks.Remove(cardId);
        }

        public void AssertConsistent(int move)
        {
            var sorted = Sorted();
            Assert.True(Order.SequenceEqual(sorted.Select(r => r.CardId)), $"After move {move} the rank order differs from the intended order.");
            for (var i = 0; i < sorted.Count; i++)
            {
                var rank = sorted[i].Rank;
                Assert.True(rank.Length <= RankKey.MaxLength, $"After move {move} rank '{rank}' is longer than {RankKey.MaxLength}.");
                Assert.True(RankKey.IsValid(rank), $"After move {move} rank '{rank}' is not a valid key.");
                if (i > 0)
                    Assert.True(string.CompareOrdinal(sorted[i - 1].Rank, rank) < 0, $"After move {move} ranks '{sorted[i - 1].Rank}' and '{rank}' are not strictly increasing.");
            }
        }
    }
}

using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

/// <summary>A card's place in one (column, swimlane) cell, identified by its id and rank key.</summary>
public readonly record struct RankedCard(Guid CardId, string Rank);

/// <summary>Where a placed card goes, and the rare rebalance of its neighbours that made room for it.</summary>
public sealed record Placement(string Rank, IReadOnlyList<RankedCard> Rebalanced);

public static class LanePlacement
{
    /// <summary>
    /// The rank for <paramref name="cardId"/> in a cell whose other cards are <paramref name="cell"/>
    /// (in rank order, the card itself excluded): after <paramref name="afterCardId"/>, before
    /// <paramref name="beforeCardId"/>, or at the end when neither is given.
    /// </summary>
    public static Placement Place(IReadOnlyList<RankedCard> cell, Guid cardId, Guid? afterCardId, Guid? beforeCardId)
    {
        if (afterCardId is not null && beforeCardId is not null)
            throw DomainException.Invalid("afterCardId", "Give afterCardId or beforeCardId, not both.");
        if (afterCardId == cardId || beforeCardId == cardId)
            throw DomainException.Invalid(afterCardId is not null ? "afterCardId" : "beforeCardId", "A card cannot be placed next to itself.");

        int index; // position the card takes among the others
        if (afterCardId is { } after)
            index = IndexOf(cell, after, "afterCardId") + 1;
        else if (beforeCardId is { } before)
            index = IndexOf(cell, before, "beforeCardId");
        else
            index = cell.Count;

        var lower = index > 0 ? cell[index - 1].Rank : null;
        var upper = index < cell.Count ? cell[index].Rank : null;
        return TryBetween(lower, upper) is { } rank ? new Placement(rank, []) : Rebalance(cell, index);
    }

    /// <summary>A key between two neighbours, or null when they leave no room within <see cref="RankKey.MaxLength"/>.</summary>
    public static string? TryBetween(string? lower, string? upper)
    {
        if (lower is not null && upper is not null && string.CompareOrdinal(lower, upper) >= 0)
            return null;
        var rank = RankKey.Between(lower, upper);
        return rank.Length <= RankKey.MaxLength ? rank : null;
    }

    private static Placement Rebalance(IReadOnlyList<RankedCard> cell, int index)
    {
        var keys = RankKey.Spread(cell.Count + 1);
        var rebalanced = new List<RankedCard>(cell.Count);
        for (var i = 0; i < cell.Count; i++)
        {
            var key = keys[i < index ? i : i + 1];
            if (key != cell[i].Rank)
                rebalanced.Add(cell[i] with { Rank = key });
        }

        return new Placement(keys[index], rebalanced);
    }

    private static int IndexOf(IReadOnlyList<RankedCard> cell, Guid cardId, string field)
    {
        for (var i = 0; i < cell.Count; i++)
        {
            if (cell[i].CardId == cardId)
                return i;
        }

        throw new DomainException(ErrorCodes.NotFound, $"Card '{cardId}' is not in the target column and swimlane.", field);
    }
}

using KanbanCustomer.Domain.Cards;

namespace KanbanCustomer.Tests.Domain;

/// <summary>Helpers shared by the rank key and placement tests.</summary>
public abstract class RankKeyTestBase
{
    private protected static void AssertBetween(string? lower, string key, string? upper)
    {
        Assert.True(RankKey.IsValid(key), $"'{key}' (between '{lower}' and '{upper}') is not a valid key.");
        Assert.False(key.EndsWith('0'), $"'{key}' ends in '0'.");
        if (lower is not null)
            Assert.True(string.CompareOrdinal(lower, key) < 0, $"'{key}' does not sort after '{lower}'.");
        if (upper is not null)
            Assert.True(string.CompareOrdinal(key, upper) < 0, $"'{key}' does not sort before '{upper}'.");
    }
}

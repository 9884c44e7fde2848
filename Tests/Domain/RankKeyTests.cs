using KanbanCustomer.Domain.Cards;

namespace KanbanCustomer.Tests.Domain;

/// <summary>Rank keys: a key between two others, spreading keys over a cell, and which keys are valid.</summary>
public sealed class RankKeyTests : RankKeyTestBase
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "1")]
    [InlineData(null, "01")]
    [InlineData(null, "0001")]
    [InlineData("z", null)]
    [InlineData("zzzz", null)]
    [InlineData("1", "2")]
    [InlineData("1", "11")]
    [InlineData("1", "101")]
    [InlineData("1", "1001")]
    [InlineData("a", "a01")]
    [InlineData("1z", "2")]
    [InlineData("1z", "2a")]
    [InlineData("1zzz", "2")]
    [InlineData("i", "j")]
    [InlineData("abc", "abd")]
    [InlineData("abcz", "abd1")]
    [InlineData("y", "z")]
    public void Between_sorts_strictly_between_its_bounds_and_never_ends_in_zero(string? lower, string? upper)
    {
        var key = RankKey.Between(lower, upper);

        AssertBetween(lower, key, upper);
    }

    [Fact]
    public void Between_random_valid_keys_sorts_strictly_between_them()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 3000; i++)
        {
            var a = RandomKey(random);
            var b = RandomKey(random);
            if (a == b)
                continue;
            var (lower, upper) = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

            var middle = RankKey.Between(lower, upper);
            var first = RankKey.Between(null, lower);
            var last = RankKey.Between(upper, null);

            AssertBetween(lower, middle, upper);
            AssertBetween(null, first, lower);
            AssertBetween(upper, last, null);
            Assert.True(middle.Length <= Math.Max(lower.Length, upper.Length) + 1, $"'{middle}' is more than one digit longer than '{lower}' and '{upper}'.");
            Assert.True(first.Length <= lower.Length + 1, $"'{first}' is more than one digit longer than '{lower}'.");
            Assert.True(last.Length <= upper.Length + 1, $"'{last}' is more than one digit longer than '{upper}'.");
        }
    }

    [Theory]
    [InlineData("b", "a")]
    [InlineData("a", "a")]
    [InlineData("ab", "a")]
    [InlineData("", "")]
    public void Between_refuses_bounds_that_are_not_in_order(string lower, string upper)
    {
        Assert.Throws<ArgumentException>(() => RankKey.Between(lower, upper));
    }

    [Fact]
    public void Inserting_again_and_again_into_the_same_gap_grows_keys_slowly()
    {
        // Always right after a fixed card: the upper bound closes in on the lower one.
        var lower = "i";
        var upper = "j";
        for (var i = 0; i < 100; i++)
        {
            var key = RankKey.Between(lower, upper);
            AssertBetween(lower, key, upper);
            upper = key;
        }

        Assert.InRange(upper.Length, 2, RankKey.MaxLength);

        // Always right before a fixed card: the lower bound closes in on the upper one.
        lower = "i";
        upper = "j";
        for (var i = 0; i < 100; i++)
        {
            var key = RankKey.Between(lower, upper);
            AssertBetween(lower, key, upper);
            lower = key;
        }

        Assert.InRange(lower.Length, 2, RankKey.MaxLength);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(17, 1)]
    [InlineData(18, 2)]
    [InlineData(100, 2)]
    [InlineData(647, 2)]
    [InlineData(1000, 3)]
    [InlineData(20000, 3)]
    public void Spread_gives_strictly_increasing_short_keys(int count, int maxWidth)
    {
        var keys = RankKey.Spread(count);

        Assert.Equal(count, keys.Count);
        Assert.All(keys, key =>
        {
            Assert.True(RankKey.IsValid(key), $"'{key}' is not a valid key.");
            Assert.InRange(key.Length, 1, maxWidth);
        });
        for (var i = 1; i < keys.Count; i++)
            Assert.True(string.CompareOrdinal(keys[i - 1], keys[i]) < 0, $"'{keys[i - 1]}' does not sort before '{keys[i]}'.");
    }

    [Fact]
    public void Spread_leaves_room_before_the_first_and_after_the_last_key()
    {
        var keys = RankKey.Spread(50);

        AssertBetween(null, RankKey.Between(null, keys[0]), keys[0]);
        AssertBetween(keys[^1], RankKey.Between(keys[^1], null), null);
        Assert.All(keys.Zip(keys.Skip(1)), pair => Assert.True(RankKey.Between(pair.First, pair.Second).Length <= 3));
    }

    [Fact]
    public void Spread_of_a_negative_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankKey.Spread(-1));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("0i", true)]
    [InlineData("a0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("A", false)]
    [InlineData("a-b", false)]
    public void IsValid_accepts_only_lowercase_base36_keys_not_ending_in_zero(string? key, bool expected)
    {
        Assert.Equal(expected, RankKey.IsValid(key));
    }

    /// <summary>A valid key; half of them from the edge digits only, for shared prefixes and adjacent digits.</summary>
    private static string RandomKey(Random random)
    {
        var alphabet = random.Next(2) == 0 ? Digits : "01yz";
        var length = random.Next(1, 7);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
            chars[i] = alphabet[random.Next(i == length - 1 ? 1 : 0, alphabet.Length)];
        return new string(chars);
    }
}

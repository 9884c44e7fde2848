namespace KanbanCustomer.Domain.Cards;

/// <summary>
/// Fractional rank keys: base-36 digits read as a fraction in (0, 1), compared ordinally.
/// A key never ends in '0', so there is always room between two different keys.
/// </summary>
public static class RankKey
{
    /// <summary>Longest key a move may write; a longer one triggers a rebalance of its lane.</summary>
    public const int MaxLength = 24;

    /// <summary>Column width in the database (rebalanced keys stay far below it).</summary>
    public const int StorageLength = 64;

    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    private const int Base = 36;

    /// <summary>A key strictly between <paramref name="lower"/> and <paramref name="upper"/> (null = open end).</summary>
    public static string Between(string? lower, string? upper)
    {
        lower ??= "";
        if (upper is not null && string.CompareOrdinal(lower, upper) >= 0)
            throw new ArgumentException($"Lower key '{lower}' must sort before upper key '{upper}'.", nameof(lower));
        return Midpoint(lower, upper);
    }

    /// <summary><paramref name="count"/> evenly spaced, strictly increasing keys of the shortest width that fits.</summary>
    public static IReadOnlyList<string> Spread(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var width = 1;
        var span = (long)Base;
        while (span < 2L * (count + 1))
        {
            width++;
            span *= Base;
        }

        var keys = new string[count];
        for (var i = 0; i < count; i++)
        {
            var value = (i + 1) * span / (count + 1);
            keys[i] = Encode(value, width);
        }

        return keys;
    }

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= StorageLength && key[^1] != '0' && key.All(c => Digits.Contains(c, StringComparison.Ordinal));

    private static string Midpoint(string lower, string? upper)
    {
        if (upper is not null)
        {
            var shared = 0;
            while (shared < upper.Length && DigitAt(lower, shared) == upper[shared])
                shared++;
            if (shared > 0)
                return upper[..shared] + Midpoint(shared < lower.Length ? lower[shared..] : "", upper[shared..]);
        }

        var low = lower.Length > 0 ? Value(lower[0]) : 0;
        var high = upper is not null ? Value(upper[0]) : Base;
        if (high - low > 1)
            return Digits[(low + high + 1) / 2].ToString();

        // Adjacent first digits: the upper key's first digit alone fits if the upper key goes on after it.
        if (upper is { Length: > 1 })
            return upper[..1];
        return Digits[low] + Midpoint(lower.Length > 0 ? lower[1..] : "", null);
    }

    private static char DigitAt(string key, int index) => index < key.Length ? key[index] : '0';

    private static int Value(char digit) => digit <= '9' ? digit - '0' : digit - 'a' + 10;

    private static string Encode(long value, int width)
    {
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = Digits[(int)(value % Base)];
            value /= Base;
        }

        return new string(chars).TrimEnd('0');
    }
}

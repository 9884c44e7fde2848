namespace KanbanCustomer.Domain.Flow;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit state advanced by the golden-ratio constant and mixed.
/// Spelled out here, not taken from <see cref="Random"/>, so a forecast seed gives the same numbers on every
/// .NET version (<see cref="Random"/>'s algorithm may change between major versions).
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A uniform index in [0, <paramref name="count"/>): the high 64 bits of Next() × count (Lemire's
    /// multiply-shift). Its bias is below count / 2^64, which no forecast can notice.
    /// </summary>
    public int NextIndex(int count) => (int)Math.BigMul(Next(), (ulong)count, out _);
}

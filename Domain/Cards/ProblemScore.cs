namespace KanbanCustomer.Domain.Cards;

/// <summary>
/// One explainable number per card, from who has the problem and how fresh the word is:
/// <c>score = impact x (1 + votes) x (1 + customers) x evidence</c>, where <c>evidence</c> sums each piece's weight by
/// proximity (<see cref="EvidenceProximity.SelfIsCustomer"/> 3, <see cref="EvidenceProximity.DirectContact"/> 2,
/// <see cref="EvidenceProximity.SecondHand"/> 1), halved for every <see cref="HalfLife"/> of its age. Votes count distinct
/// people (one person, one vote); customers are the distinct customers the evidence names. No evidence, no score (0).
/// Hierarchy never enters it: a role is not an input.
/// </summary>
/// <remarks>
/// Every term but the decay is fixed between changes, and the decay is one factor for the whole card set:
/// <c>score(now) = 2^(key - t(now))</c> with <c>t(x) = (x - epoch) / half-life</c>. So a card stores <see cref="Key"/>,
/// and "order by score" is "order by key" and "score >= s" is "key >= log2(s) + t(now)" at any moment: an index
/// serves both, on every provider, without exponentials in SQL.
/// </remarks>
public static class ProblemScore
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(90);

    /// <summary>The zero of the time axis (any fixed instant serves; this one keeps the stored keys small).</summary>
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The key of a card without evidence: below every real key (a real one is above -1,000 for centuries).</summary>
    public const double NoKey = -1_000_000;

    public static int Weight(EvidenceProximity proximity) => proximity switch
    {
        EvidenceProximity.SelfIsCustomer => 3,
        EvidenceProximity.DirectContact => 2,
        _ => 1,
    };

    /// <summary>Time in half-lives since <see cref="Epoch"/>.</summary>
    public static double HalfLives(DateTimeOffset at) => (at - Epoch).TotalDays / HalfLife.TotalDays;

    /// <summary>
    /// log2 of the sum of each piece's weight x 2^t(recorded): the evidence term without the shared decay, kept as a
    /// logarithm (the sum itself doubles every half-life). Null without evidence.
    /// </summary>
    public static double? EvidenceLog(IEnumerable<Evidence> evidence)
    {
        double? max = null;
        var terms = new List<double>();
        foreach (var piece in evidence)
        {
            var term = Math.Log2(Weight(piece.Proximity)) + HalfLives(piece.RecordedAt);
            terms.Add(term);
            max = max is { } m ? Math.Max(m, term) : term;
        }

        if (max is not { } top)
            return null;
        var sum = 0.0;
        foreach (var term in terms)
            sum += Math.Pow(2, term - top);
        return top + Math.Log2(sum);
    }

    /// <summary>The stored key: log2 of the score at the epoch.</summary>
    public static double Key(int impact, int votes, int customers, double? evidenceLog) =>
        evidenceLog is { } log ? Math.Log2(Math.Max(impact, 1)) + Math.Log2(1 + votes) + Math.Log2(1 + customers) + log : NoKey;

    /// <summary>The evidence term at <paramref name="now"/>: the weights, each halved per half-life of age.</summary>
    public static double EvidenceAt(double? evidenceLog, DateTimeOffset now) =>
        evidenceLog is { } log ? Math.Pow(2, log - HalfLives(now)) : 0;

    /// <summary>The score at <paramref name="now"/> from a stored key.</summary>
    public static double At(double key, DateTimeOffset now) => key <= NoKey ? 0 : Math.Pow(2, key - HalfLives(now));

    /// <summary>
    /// The smallest key whose score at <paramref name="now"/> is at least <paramref name="score"/> (a filter's bound);
    /// null when every card qualifies (a bound of 0 or less).
    /// </summary>
    public static double? KeyFor(double score, DateTimeOffset now) => score <= 0 ? null : Math.Log2(score) + HalfLives(now);
}

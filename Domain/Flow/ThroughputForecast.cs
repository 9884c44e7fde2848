using System.Buffers;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Flow;

/// <summary>
/// Monte Carlo forecasts over a window's daily throughput (docs/forecasts.md). Each trial draws days uniformly,
/// with replacement, from the samples (zero days included). <see cref="When"/> counts the days a trial needs to
/// finish N items; <see cref="HowMany"/> sums the items of D days. The answers are read off the trials with
/// nearest rank at 50, 85 and 95 % likelihood. Pure, thread-safe, and free of the database.
/// </summary>
/// <remarks>
/// Randomness: trial t draws from a <see cref="SplitMix64"/> started at the t-th output of SplitMix64(seed), and
/// each draw is <c>samples[NextIndex(samples.Length)]</c>. A trial's draws therefore do not depend on N or D
/// (common random numbers), so more items never need fewer days and more days never finish fewer items.
/// </remarks>
public sealed class ThroughputForecast
{
    public const int DefaultTrials = 10_000;
    public const int MinTrials = 100;
    public const int MaxTrials = 100_000;
    public const int MaxItems = 100_000;

    /// <summary>The longest <see cref="HowMany"/> horizon: three years, one of them a leap year.</summary>
    public const int MaxDays = 3 * 365 + 1;

    /// <summary>A <see cref="When"/> trial gives up after this many days (about ten years) and counts as unfinished.</summary>
    public const int MaxDaysPerTrial = 3_650;

    /// <summary>The largest daily throughput accepted, so a sum of <see cref="MaxDays"/> days fits an int.</summary>
    public const int MaxDailyThroughput = 1_000_000;

    /// <summary>The likelihoods every answer reports, in this order.</summary>
    public static IReadOnlyList<int> Likelihoods { get; } = [50, 85, 95];

    private readonly int[] _samples;
    private readonly int _maxSample;

    /// <param name="dailyThroughput">Items finished per calendar day of the window, zero days included.</param>
    public ThroughputForecast(ReadOnlySpan<int> dailyThroughput)
    {
        if (dailyThroughput.IsEmpty)
            throw DomainException.Invalid("dailyThroughput", "A forecast needs at least one day of throughput.");
        foreach (var items in dailyThroughput)
        {
            if (items is < 0 or > MaxDailyThroughput)
                throw DomainException.Invalid("dailyThroughput", $"Daily throughput must be 0-{MaxDailyThroughput:N0} items.");
        }

        _samples = dailyThroughput.ToArray();
        _maxSample = _samples.Max();
    }

    public int SampleDays => _samples.Length;

    /// <summary>How many days N items take: per likelihood, the fewest days within which that share of trials finished.</summary>
    public WhenForecast When(int items, int trials = DefaultTrials, int? seed = null)
    {
        if (items is < 1 or > MaxItems)
            throw DomainException.Invalid("items", $"Items must be 1-{MaxItems:N0}.");
        CheckTrials(trials);
        var usedSeed = seed ?? Random.Shared.Next();

        // No trial can finish: every day at the best throughput still falls short within the cap.
        if ((long)_maxSample * MaxDaysPerTrial < items)
            return new WhenForecast(items, trials, usedSeed, trials, [.. Likelihoods.Select(l => new DaysAtLikelihood(l, null))]);

        var days = ArrayPool<int>.Shared.Rent(trials);
        try
        {
            var outcomes = days.AsSpan(0, trials);
            var seeds = new SplitMix64(SeedState(usedSeed));
            var unfinished = 0;
            for (var t = 0; t < outcomes.Length; t++)
            {
                var random = new SplitMix64(seeds.Next());
                int done = 0, day = 0;
                while (done < items && day < MaxDaysPerTrial)
                {
                    done += _samples[random.NextIndex(_samples.Length)];
                    day++;
                }

                if (done < items)
                {
                    unfinished++;
                    day = int.MaxValue;
                }

                outcomes[t] = day;
            }

            outcomes.Sort();
            var points = new DaysAtLikelihood[Likelihoods.Count];
            for (var i = 0; i < points.Length; i++)
            {
                var value = outcomes[NearestRank(Likelihoods[i], trials) - 1];
                points[i] = new DaysAtLikelihood(Likelihoods[i], value <= MaxDaysPerTrial ? value : null);
            }

            return new WhenForecast(items, trials, usedSeed, unfinished, points);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(days);
        }
    }

    /// <summary>How many items D days finish: per likelihood, the most items that share of trials reached or passed.</summary>
    public HowManyForecast HowMany(int days, int trials = DefaultTrials, int? seed = null)
    {
        if (days is < 1 or > MaxDays)
            throw DomainException.Invalid("days", $"Days must be 1-{MaxDays:N0}.");
        CheckTrials(trials);
        var usedSeed = seed ?? Random.Shared.Next();

        var sums = ArrayPool<int>.Shared.Rent(trials);
        try
        {
            var outcomes = sums.AsSpan(0, trials);
            var seeds = new SplitMix64(SeedState(usedSeed));
            for (var t = 0; t < outcomes.Length; t++)
            {
                var random = new SplitMix64(seeds.Next());
                var done = 0;
                for (var day = 0; day < days; day++)
                    done += _samples[random.NextIndex(_samples.Length)];
                outcomes[t] = done;
            }

            outcomes.Sort();
            var points = new ItemsAtLikelihood[Likelihoods.Count];
            for (var i = 0; i < points.Length; i++)
            {
                // Nearest rank counted from the top: at least that share of trials reached this many items.
                points[i] = new ItemsAtLikelihood(Likelihoods[i], outcomes[trials - NearestRank(Likelihoods[i], trials)]);
            }

            return new HowManyForecast(days, trials, usedSeed, points);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sums);
        }
    }

    /// <summary>Nearest rank: the 1-based rank ceil(likelihood / 100 × trials), in integers.</summary>
    private static int NearestRank(int likelihood, int trials) => (likelihood * trials + 99) / 100;

    /// <summary>The seed's 64-bit two's complement: seed -1 starts at 0xFFFF_FFFF_FFFF_FFFF.</summary>
    private static ulong SeedState(int seed) => unchecked((ulong)(long)seed);

    private static void CheckTrials(int trials)
    {
        if (trials is < MinTrials or > MaxTrials)
            throw DomainException.Invalid("trials", $"Trials must be {MinTrials:N0}-{MaxTrials:N0}.");
    }
}

/// <summary>The days within which the items are done in <paramref name="Likelihood"/> % of trials; null beyond the cap.</summary>
public readonly record struct DaysAtLikelihood(int Likelihood, int? Days);

/// <summary>The items done, at least, in <paramref name="Likelihood"/> % of trials.</summary>
public readonly record struct ItemsAtLikelihood(int Likelihood, int Items);

/// <param name="UnfinishedTrials">Trials that had not finished after <see cref="ThroughputForecast.MaxDaysPerTrial"/> days.</param>
/// <param name="Points">One per <see cref="ThroughputForecast.Likelihoods"/>, in that order.</param>
public sealed record WhenForecast(int Items, int Trials, int Seed, int UnfinishedTrials, IReadOnlyList<DaysAtLikelihood> Points)
{
    /// <summary>No trial finished within the cap (all-zero throughput, say): every point's days are null.</summary>
    public bool NeverFinishes => UnfinishedTrials == Trials;
}

/// <param name="Points">One per <see cref="ThroughputForecast.Likelihoods"/>, in that order.</param>
public sealed record HowManyForecast(int Days, int Trials, int Seed, IReadOnlyList<ItemsAtLikelihood> Points);

using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Flow;

namespace KanbanCustomer.Tests.Domain;

/// <summary>
/// The Monte Carlo forecast against a brute-force run written here from the definitions (its own SplitMix64,
/// checked against the published reference values), exact answers for degenerate samples, monotonicity,
/// reproducibility, the ten-year cap and every refusal.
/// </summary>
public sealed class ThroughputForecastTests
{
    private static readonly int[] Ninety = NinetyDays();

    /// <summary>One item every ten days on average: days needed spread widely, so few trials tie.</summary>
    private static readonly int[] Sparse = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>Large, nearly all distinct daily figures: sums rarely tie, so a rank off by one shows.</summary>
    private static readonly int[] Wide = [.. Enumerable.Range(0, 90).Select(i => i * i * 37 % 1_000)];

    private static int[] SamplesNamed(string name) => name switch
    {
        "ninety" => Ninety,
        "sparse" => Sparse,
        _ => Wide,
    };

    /// <summary>A window of 90 days: mostly 0-6 items a day, about one day in four without any.</summary>
    private static int[] NinetyDays()
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, 90).Select(_ => random.Next(4) == 0 ? 0 : random.Next(1, 7))];
    }

    // ---- the brute force: the same random numbers, drawn and read naively ----

    private sealed class ReferenceSplitMix64(ulong state)
    {
        public ulong Next()
        {
            state = unchecked(state + 0x9E3779B97F4A7C15UL);
            var z = state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }

        public int Index(int count) => (int)(((UInt128)Next() * (ulong)count) >> 64);
    }

    /// <summary>Per trial the days needed (null: not within 3,650 days).</summary>
    private static List<int?> BruteForceDays(int[] samples, int items, int trials, int seed)
    {
        var seeds = new ReferenceSplitMix64(unchecked((ulong)(long)seed));
        var outcomes = new List<int?>();
        for (var t = 0; t < trials; t++)
        {
            var random = new ReferenceSplitMix64(seeds.Next());
            var done = 0;
            int? days = null;
            for (var day = 1; day <= 3_650; day++)
            {
                done += samples[random.Index(samples.Length)];
                if (done >= items)
                {
                    days = day;
                    break;
                }
            }

            outcomes.Add(days);
        }

        return outcomes;
    }

    private static List<int> BruteForceSums(int[] samples, int days, int trials, int seed)
    {
        var seeds = new ReferenceSplitMix64(unchecked((ulong)(long)seed));
        var outcomes = new List<int>();
        for (var t = 0; t < trials; t++)
        {
            var random = new ReferenceSplitMix64(seeds.Next());
            outcomes.Add(Enumerable.Range(0, days).Sum(_ => samples[random.Index(samples.Length)]));
        }

        return outcomes;
    }

    /// <summary>The fewest days d such that at least <paramref name="likelihood"/> % of trials finished within d; null if none.</summary>
    private static int? DaysAt(List<int?> outcomes, int likelihood)
    {
        foreach (var d in outcomes.OfType<int>().Distinct().Order())
        {
            if (outcomes.Count(o => o <= d) * 100 >= likelihood * outcomes.Count)
                return d;
        }

        return null;
    }

    /// <summary>The most items x such that at least <paramref name="likelihood"/> % of trials reached x or more.</summary>
    private static int ItemsAt(List<int> outcomes, int likelihood) =>
        outcomes.Distinct().OrderDescending().First(x => outcomes.Count(o => o >= x) * 100 >= likelihood * outcomes.Count);

    [Fact]
    public void The_brute_forces_random_numbers_are_SplitMix64s_published_ones()
    {
        var random = new ReferenceSplitMix64(1234567);

        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => random.Next()));
    }

    [Theory]
    [InlineData("ninety", 1, 2_000, 42)]
    [InlineData("ninety", 30, 2_000, 42)]
    [InlineData("ninety", 100, 2_000, 42)]
    [InlineData("ninety", 100, 2_000, -1)]
    [InlineData("ninety", 250, 2_000, 2026)]
    [InlineData("sparse", 20, 100, 42)]
    [InlineData("sparse", 20, 101, 42)]
    [InlineData("sparse", 20, 119, 9)]
    public void When_matches_a_brute_force_run_with_the_same_seed(string samples, int items, int trials, int seed)
    {
        var forecast = new ThroughputForecast(SamplesNamed(samples)).When(items, trials, seed);

        var outcomes = BruteForceDays(SamplesNamed(samples), items, trials, seed);
        Assert.Equal([DaysAt(outcomes, 50), DaysAt(outcomes, 85), DaysAt(outcomes, 95)], forecast.Points.Select(p => p.Days));
        Assert.Equal([50, 85, 95], forecast.Points.Select(p => p.Likelihood));
        Assert.Equal((items, trials, seed, 0), (forecast.Items, forecast.Trials, forecast.Seed, forecast.UnfinishedTrials));
    }

    [Theory]
    [InlineData("ninety", 1, 2_000, 42)]
    [InlineData("ninety", 30, 2_000, 42)]
    [InlineData("ninety", 30, 2_000, -1)]
    [InlineData("ninety", 365, 2_000, 7)]
    [InlineData("wide", 30, 100, 42)]
    [InlineData("wide", 30, 101, 42)]
    [InlineData("wide", 7, 119, 9)]
    public void HowMany_matches_a_brute_force_run_with_the_same_seed(string samples, int days, int trials, int seed)
    {
        var forecast = new ThroughputForecast(SamplesNamed(samples)).HowMany(days, trials, seed);

        var outcomes = BruteForceSums(SamplesNamed(samples), days, trials, seed);
        Assert.Equal([ItemsAt(outcomes, 50), ItemsAt(outcomes, 85), ItemsAt(outcomes, 95)], forecast.Points.Select(p => p.Items));
        Assert.Equal([50, 85, 95], forecast.Points.Select(p => p.Likelihood));
        Assert.Equal((days, trials, seed), (forecast.Days, forecast.Trials, forecast.Seed));
    }

    [Fact]
    public void Trials_that_reach_the_ten_year_cap_count_as_unfinished_and_leave_their_likelihoods_without_days()
    {
        // One item a year on average: about half the trials finish 10 items within 3,650 days.
        int[] sparse = [1, .. new int[364]];
        var forecast = new ThroughputForecast(sparse).When(10, trials: 1_000, seed: 5);

        var outcomes = BruteForceDays(sparse, 10, 1_000, 5);
        Assert.Equal(outcomes.Count(o => o is null), forecast.UnfinishedTrials);
        Assert.InRange(forecast.UnfinishedTrials, 300, 700);
        Assert.False(forecast.NeverFinishes);
        Assert.Equal([DaysAt(outcomes, 50), DaysAt(outcomes, 85), DaysAt(outcomes, 95)], forecast.Points.Select(p => p.Days));
        Assert.Null(forecast.Points[2].Days);
    }

    [Fact]
    public void Constant_throughput_gives_the_same_exact_answer_at_every_likelihood()
    {
        var forecast = new ThroughputForecast([2, 2, 2]);

        Assert.All(forecast.When(10, seed: 1).Points, p => Assert.Equal(5, p.Days));
        Assert.All(forecast.When(11, seed: 1).Points, p => Assert.Equal(6, p.Days));
        Assert.All(forecast.When(1, seed: 1).Points, p => Assert.Equal(1, p.Days));
        Assert.All(forecast.HowMany(7, seed: 1).Points, p => Assert.Equal(14, p.Items));
        Assert.All(forecast.HowMany(1, seed: 1).Points, p => Assert.Equal(2, p.Items));
    }

    [Fact]
    public void More_items_never_take_fewer_days_and_higher_likelihoods_never_fewer_days()
    {
        var engine = new ThroughputForecast(Ninety);
        int?[] previous = [0, 0, 0];
        for (var items = 1; items <= 300; items += 7)
        {
            var days = engine.When(items, trials: 1_000, seed: 3).Points.Select(p => p.Days!.Value).ToArray();

            Assert.True(days[0] <= days[1] && days[1] <= days[2], $"items {items}: {string.Join(", ", days)}");
            for (var i = 0; i < 3; i++)
                Assert.True(days[i] >= previous[i], $"items {items}, point {i}: {days[i]} after {previous[i]}");
            previous = [.. days.Select(d => (int?)d)];
        }
    }

    [Fact]
    public void More_days_never_finish_fewer_items_and_higher_likelihoods_never_more_items()
    {
        var engine = new ThroughputForecast(Ninety);
        int[] previous = [0, 0, 0];
        for (var days = 1; days <= 400; days += 9)
        {
            var items = engine.HowMany(days, trials: 1_000, seed: 3).Points.Select(p => p.Items).ToArray();

            Assert.True(items[0] >= items[1] && items[1] >= items[2], $"days {days}: {string.Join(", ", items)}");
            for (var i = 0; i < 3; i++)
                Assert.True(items[i] >= previous[i], $"days {days}, point {i}: {items[i]} after {previous[i]}");
            previous = items;
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_answer_and_a_run_without_one_reports_the_seed_it_used()
    {
        var engine = new ThroughputForecast(Ninety);

        Assert.Equal(engine.When(80, seed: 11).Points, engine.When(80, seed: 11).Points);
        Assert.Equal(engine.HowMany(30, seed: 11).Points, engine.HowMany(30, seed: 11).Points);

        var unseeded = engine.When(80);
        Assert.Equal(unseeded.Points, engine.When(80, seed: unseeded.Seed).Points);
        var unseededHowMany = engine.HowMany(30);
        Assert.Equal(unseededHowMany.Points, engine.HowMany(30, seed: unseededHowMany.Seed).Points);
    }

    [Fact]
    public void All_zero_throughput_never_finishes_and_reaches_no_items()
    {
        var engine = new ThroughputForecast(new int[90]);

        var when = engine.When(5, seed: 1);
        Assert.True(when.NeverFinishes);
        Assert.Equal(when.Trials, when.UnfinishedTrials);
        Assert.All(when.Points, p => Assert.Null(p.Days));
        Assert.All(engine.HowMany(30, seed: 1).Points, p => Assert.Equal(0, p.Items));
    }

    [Fact]
    public void More_items_than_the_best_day_can_finish_within_the_cap_never_finish()
    {
        var forecast = new ThroughputForecast([0, 20]).When(100_000, seed: 1);

        Assert.True(forecast.NeverFinishes);
        Assert.All(forecast.Points, p => Assert.Null(p.Days));
        Assert.False(new ThroughputForecast([0, 20]).When(3_650 * 20 / 3, trials: 100, seed: 1).Points[0].Days is null);
    }

    [Fact]
    public void The_limits_themselves_are_accepted()
    {
        var engine = new ThroughputForecast([50, ThroughputForecast.MaxDailyThroughput]);

        Assert.Equal(100, engine.When(ThroughputForecast.MaxItems, trials: 100, seed: 1).Trials);
        Assert.Equal(100_000, engine.When(1, trials: ThroughputForecast.MaxTrials, seed: 1).Trials);
        Assert.Equal(1_096, engine.HowMany(ThroughputForecast.MaxDays, trials: 100, seed: 1).Days);
        Assert.All(engine.HowMany(1_096, trials: 100, seed: 1).Points, p => Assert.InRange(p.Items, 1_096 * 50, 1_096 * 1_000_000));
    }

    public static TheoryData<string, Action> Refusals() => new()
    {
        { "dailyThroughput", () => _ = new ThroughputForecast([]) },
        { "dailyThroughput", () => _ = new ThroughputForecast([3, -1]) },
        { "dailyThroughput", () => _ = new ThroughputForecast([ThroughputForecast.MaxDailyThroughput + 1]) },
        { "items", () => new ThroughputForecast([1]).When(0) },
        { "items", () => new ThroughputForecast([1]).When(-5) },
        { "items", () => new ThroughputForecast([1]).When(100_001) },
        { "days", () => new ThroughputForecast([1]).HowMany(0) },
        { "days", () => new ThroughputForecast([1]).HowMany(1_097) },
        { "trials", () => new ThroughputForecast([1]).When(1, trials: 99) },
        { "trials", () => new ThroughputForecast([1]).When(1, trials: 100_001) },
        { "trials", () => new ThroughputForecast([1]).HowMany(1, trials: 0) },
        { "trials", () => new ThroughputForecast([1]).HowMany(1, trials: 100_001) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Bad_input_is_refused_as_a_validation_error_on_its_field(string field, Action forecast)
    {
        var refused = Assert.Throws<DomainException>(forecast);

        Assert.Equal(ErrorCodes.Validation, refused.Code);
        Assert.Equal(field, refused.Field);
    }
}

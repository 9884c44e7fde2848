using System.Diagnostics;
using System.Globalization;
using KanbanCustomer.Domain.Flow;

namespace KanbanCustomer.Benchmarks;

/// <summary>
/// The Monte Carlo forecast (<see cref="ThroughputForecast"/>) on 90 days of samples: When(100 items) and
/// HowMany(30 days) at 10,000 and 100,000 trials, and a worst case whose trials mostly run to the ten-year cap.
/// Per case: the median of 20 timed runs after 3 warm-ups, and the bytes allocated per forecast.
/// </summary>
public static class ForecastBenchmark
{
    private const int Runs = 20;
    private const int Seed = 1;

    public static int Run(string[] args)
    {
        _ = args;
        var random = new Random(90);
        int[] ninety = [.. Enumerable.Range(0, 90).Select(_ => random.Next(4) == 0 ? 0 : random.Next(1, 7))];
        int[] sparse = [1, .. new int[364]];
        var window = new ThroughputForecast(ninety);
        Console.WriteLine($"Forecast benchmark: {ninety.Length} days of samples ({ninety.Sum() / (double)ninety.Length:0.00} items a day), "
            + $"{Environment.ProcessorCount} cores, {Runs} runs a case");
        Console.WriteLine();
        Console.WriteLine("case | trials | median ms | min ms | max ms | allocated B per forecast | answer (50 / 85 / 95 %)");

        foreach (var trials in new[] { 10_000, 100_000 })
        {
            Measure("When(100 items)", trials, () => window.When(100, trials, Seed), Days);
            Measure("HowMany(30 days)", trials, () => window.HowMany(30, trials, Seed), Items);
        }

        var rare = new ThroughputForecast(sparse);
        Measure("When(10 items), 1 item a year (worst case)", 10_000, () => rare.When(10, 10_000, Seed), Days);

        // How much the answer moves between seeds at the default trials: the simulation's own noise.
        Console.WriteLine();
        Console.WriteLine($"spread over seeds 1-{Runs}, {ThroughputForecast.DefaultTrials:N0} trials (min-max per likelihood):");
        var when = Enumerable.Range(1, Runs).Select(seed => window.When(100, seed: seed)).ToList();
        var howMany = Enumerable.Range(1, Runs).Select(seed => window.HowMany(30, seed: seed)).ToList();
        Console.WriteLine("When(100 items): " + Spread(i => when.Select(f => f.Points[i].Days!.Value)) + " days");
        Console.WriteLine("HowMany(30 days): " + Spread(i => howMany.Select(f => f.Points[i].Items)) + " items");
        return 0;
    }

    private static string Days(WhenForecast forecast) =>
        string.Join(" / ", forecast.Points.Select(p => p.Days?.ToString(CultureInfo.InvariantCulture) ?? "-")) + " days"
        + (forecast.UnfinishedTrials > 0 ? $", {forecast.UnfinishedTrials:N0} trials unfinished" : "");

    private static string Items(HowManyForecast forecast) =>
        string.Join(" / ", forecast.Points.Select(p => p.Items.ToString(CultureInfo.InvariantCulture))) + " items";

    private static string Spread(Func<int, IEnumerable<int>> values) =>
        string.Join(" / ", ThroughputForecast.Likelihoods.Select((_, i) => $"{values(i).Min()}-{values(i).Max()}"));

    /// <summary>Times <paramref name="forecast"/> alone; the answer is described after the timed runs.</summary>
    private static void Measure<T>(string name, int trials, Func<T> forecast, Func<T, string> describe)
    {
        var answer = forecast();
        for (var i = 0; i < 2; i++)
            answer = forecast();

        var times = new double[Runs];
        long allocated = 0;
        for (var i = 0; i < Runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            answer = forecast();
            stopwatch.Stop();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            times[i] = stopwatch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        var median = (times[Runs / 2 - 1] + times[Runs / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} | {trials:N0} | {median:0.00} | {times[0]:0.00} | {times[^1]:0.00} | {allocated / Runs:N0} | {describe(answer)}"));
    }
}

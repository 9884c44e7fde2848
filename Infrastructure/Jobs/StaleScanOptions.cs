using Microsoft.Extensions.Configuration;

namespace KanbanCustomer.Infrastructure.Jobs;

/// <summary>The stale scan's knobs, bound from the <c>Hangfire</c> section (<c>Hangfire:StaleMinSample</c> ...).</summary>
public sealed class StaleScanOptions
{
    /// <summary>How many completed stays a column needs before its learned threshold counts.</summary>
    public int StaleMinSample { get; set; } = 20;

    /// <summary>How far back the event log is read to learn a column's threshold.</summary>
    public TimeSpan StaleLearningWindow { get; set; } = TimeSpan.FromDays(180);

    /// <summary>Cards loaded, flagged and saved per round trip.</summary>
    public int StaleScanBatchSize { get; set; } = 500;

    /// <summary>The percentile of stays that becomes a learned threshold.</summary>
    public const double LearnedPercentile = 0.85;

    /// <summary>The knobs from <c>Hangfire:</c>, with the defaults above for what the section leaves out.</summary>
    public static StaleScanOptions From(IConfiguration configuration)
    {
        var options = new StaleScanOptions();
        configuration.GetSection("Hangfire").Bind(options);
        options.Validate();
        return options;
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (StaleMinSample < 1) problems.Add("Hangfire:StaleMinSample must be at least 1.");
        if (StaleLearningWindow <= TimeSpan.Zero) problems.Add("Hangfire:StaleLearningWindow must be positive.");
        if (StaleScanBatchSize is < 1 or > 5000) problems.Add("Hangfire:StaleScanBatchSize must be between 1 and 5000.");
        if (problems.Count > 0)
            throw new InvalidOperationException(string.Join(" ", problems));
    }
}

/// <summary>What one scan did.</summary>
public sealed record StaleScanResult(int Columns, int LearnedColumns, int CardsExamined, int Flagged, int Boards, int Deliveries, int FailedBoards, TimeSpan Elapsed);

using Microsoft.Extensions.Configuration;

namespace KanbanCustomer.Infrastructure.Events;

/// <summary>The relay's knobs, under <c>Events:</c> in configuration.</summary>
public sealed class EventOptions
{
    /// <summary>How often the relay looks for committed events that were never published.</summary>
    public TimeSpan RelayInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How old an unpublished event must be before the relay takes it (its writer may still be publishing).</summary>
    public TimeSpan RelayGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most events the relay publishes in one pass.</summary>
    public int RelayBatchSize { get; set; } = 500;

    /// <summary>The knobs from <c>Events:</c>, with the defaults above for what the section leaves out.</summary>
    public static EventOptions From(IConfiguration configuration)
    {
        var options = new EventOptions();
        configuration.GetSection("Events").Bind(options);
        options.Validate();
        return options;
    }

    /// <summary>Only what cannot work: the relay's timer needs a positive interval, and a pass must take at least one event.</summary>
    private void Validate()
    {
        var problems = new List<string>();
        if (RelayInterval <= TimeSpan.Zero) problems.Add("Events:RelayInterval must be positive.");
        if (RelayBatchSize < 1) problems.Add("Events:RelayBatchSize must be at least 1.");
        if (problems.Count > 0)
            throw new InvalidOperationException(string.Join(" ", problems));
    }
}

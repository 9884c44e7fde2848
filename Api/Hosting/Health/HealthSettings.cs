namespace KanbanCustomer.Api.Hosting.Health;

/// <summary>What <c>Health:*</c> says about the readiness checks.</summary>
public sealed class HealthSettings
{
    /// <summary>How long one readiness result answers every probe, so a flood of probes cannot flood the database.</summary>
    public TimeSpan ReadyCacheFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one check may take before it counts as failed.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public static HealthSettings From(IConfiguration configuration)
    {
        var settings = new HealthSettings();
        configuration.GetSection("Health").Bind(settings);
        var problems = new List<string>();
        if (settings.ReadyCacheFor < TimeSpan.Zero || settings.ReadyCacheFor > TimeSpan.FromMinutes(1))
            problems.Add("Health:ReadyCacheFor must be between 0 and 1 minute.");
        if (settings.CheckTimeout <= TimeSpan.Zero)
            problems.Add("Health:CheckTimeout must be positive.");
        if (problems.Count > 0)
            throw new InvalidOperationException(string.Join(" ", problems));
        return settings;
    }
}

namespace KanbanCustomer.Api.Hosting;

/// <summary>What <c>Hangfire:*</c> says about storage, server, schedule and dashboard.</summary>
public sealed class HangfireSettings
{
    public const string DefaultStaleScanCron = "*/15 * * * *";
    public const string DashboardPath = "/hangfire";

    /// <summary>Run a Hangfire server (workers, schedulers) in this process.</summary>
    public bool Enabled { get; set; } = true;

    public string StaleScanCron { get; set; } = DefaultStaleScanCron;

    /// <summary>How often delayed and recurring jobs are looked at; a 6-field (seconds) cron needs it short.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether the dashboard is mapped; default: in Development only.</summary>
    public bool Dashboard { get; set; }

    public IReadOnlySet<string> DashboardUsers { get; set; } = new HashSet<string>();

    /// <summary>The settings from <c>Hangfire:</c>, with the environment's defaults for what the section leaves out.</summary>
    public static HangfireSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection("Hangfire");
        var settings = new HangfireSettings { Dashboard = environment.IsDevelopment() };
        section.Bind(settings);
        settings.StaleScanCron = settings.StaleScanCron.Length > 0 ? settings.StaleScanCron.Trim() : DefaultStaleScanCron;
        // The binder skips a comma-separated list and keeps blank entries: the users are read here, over what it left.
        settings.DashboardUsers = Users(section.GetSection(nameof(DashboardUsers)));
        settings.Validate();
        return settings;
    }

    /// <summary>A list (<c>DashboardUsers:0</c>, ...) or one comma-separated value, which is easier to pass as an environment variable.</summary>
    private static HashSet<string> Users(IConfigurationSection section)
    {
        var values = section.Value is { Length: > 0 } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);
    }

    private void Validate()
    {
        if (SchedulePollingInterval <= TimeSpan.Zero)
            throw new InvalidOperationException("Hangfire:SchedulePollingInterval must be positive.");
    }
}

using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace KanbanCustomer.Infrastructure.Webhooks;

/// <summary>How webhook deliveries are sent and retried, under <c>Webhooks:</c> in configuration (README, Webhooks).</summary>
public sealed class WebhookOptions
{
    /// <summary>How long one POST may take, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the 1st, 2nd, ... failed attempt; the last one repeats if attempts remain.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    /// <summary>Attempts in all, the first included; after the last failed one the delivery is FAILED.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Whether targets on loopback, private, link-local or unique-local networks are allowed; default: in Development only.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How often pending deliveries that are due are handed to the job queue again (and once at start-up).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How early an attempt may start: a retry that arrives a little before its time (clocks of nodes and job storage differ) still runs.</summary>
    public static readonly TimeSpan EarlyStart = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed delivery stays claimed: a worker that dies mid-attempt frees it after this.</summary>
    public TimeSpan ClaimDuration => Timeout + TimeSpan.FromMinutes(1);

    /// <summary>The wait before the attempt after <paramref name="attemptsSoFar"/> attempts.</summary>
    public TimeSpan RetryDelay(int attemptsSoFar) => RetryDelays[Math.Clamp(attemptsSoFar - 1, 0, RetryDelays.Count - 1)];

    /// <summary>The options from <c>Webhooks:</c>, with the environment's defaults for what the section leaves out.</summary>
    public static WebhookOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection("Webhooks");
        var options = new WebhookOptions { AllowPrivateNetworks = environment.IsDevelopment() };
        section.Bind(options);
        // The binder skips a comma-separated list and adds an array to the defaults: the delays are read here, over what it left.
        options.RetryDelays = Delays(section.GetSection(nameof(RetryDelays))) ?? options.RetryDelays;
        options.Validate();
        return options;
    }

    /// <summary>Either one comma-separated value (<c>00:00:10,00:01:00</c>) or an array section (<c>Webhooks:RetryDelays:0</c>, ...).</summary>
    private static List<TimeSpan>? Delays(IConfigurationSection section)
    {
        var texts = section.Value is { } value
            ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(c => c.Value ?? "").ToArray();
        if (texts.Length == 0)
            return null;
        return texts.Select(t => TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var delay)
            ? delay
            : throw new InvalidOperationException($"Webhooks:RetryDelays has '{t}', which is not a duration (hh:mm:ss).")).ToList();
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (Timeout <= TimeSpan.Zero) problems.Add("Timeout must be positive");
        if (MaxAttempts < 1) problems.Add("MaxAttempts must be at least 1");
        if (RetryDelays.Count == 0 || RetryDelays.Any(d => d < TimeSpan.Zero)) problems.Add("RetryDelays must list durations of zero or more");
        if (SweepInterval <= TimeSpan.Zero) problems.Add("SweepInterval must be positive");
        if (problems.Count > 0)
            throw new InvalidOperationException($"Webhooks: {string.Join("; ", problems)}.");
    }
}

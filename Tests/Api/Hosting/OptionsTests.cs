using KanbanCustomer.Tests.Support;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Api.Hosting;
using KanbanCustomer.Infrastructure.Events;
using KanbanCustomer.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Every options class is read one way (<c>From</c>): its section bound over the defaults and the environment's, then
/// checked, a bad value stopping the start with every bad key named. GraphQL limits: ConfiguredLimitTests; webhooks: WebhookRulesTests.
/// </summary>
public sealed class OptionsTests
{
    [Fact]
    public void The_stale_scan_binds_Hangfire_and_names_every_bad_key()
    {
        var defaults = StaleScanOptions.From(TestConfiguration.From());
        var configured = StaleScanOptions.From(TestConfiguration.From(("Hangfire:StaleMinSample", "5"), ("Hangfire:StaleLearningWindow", "30.00:00:00")));
        var error = Assert.Throws<InvalidOperationException>(() =>
            StaleScanOptions.From(TestConfiguration.From(("Hangfire:StaleMinSample", "0"), ("Hangfire:StaleScanBatchSize", "5001"))));

        Assert.Equal((20, TimeSpan.FromDays(180), 500), (defaults.StaleMinSample, defaults.StaleLearningWindow, defaults.StaleScanBatchSize));
        Assert.Equal((5, TimeSpan.FromDays(30), 500), (configured.StaleMinSample, configured.StaleLearningWindow, configured.StaleScanBatchSize));
        Assert.Equal("Hangfire:StaleMinSample must be at least 1. Hangfire:StaleScanBatchSize must be between 1 and 5000.", error.Message);
    }

    [Fact]
    public void The_relay_binds_Events_and_names_every_bad_key()
    {
        var defaults = EventOptions.From(TestConfiguration.From());
        var configured = EventOptions.From(TestConfiguration.From(("Events:RelayInterval", "00:00:01"), ("Events:RelayGrace", "00:00:03")));
        var error = Assert.Throws<InvalidOperationException>(() =>
            EventOptions.From(TestConfiguration.From(("Events:RelayInterval", "00:00:00"), ("Events:RelayBatchSize", "0"))));

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 500), (defaults.RelayInterval, defaults.RelayGrace, defaults.RelayBatchSize));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), (configured.RelayInterval, configured.RelayGrace));
        Assert.Contains("Events:RelayInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("Events:RelayBatchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hangfire_settings_bind_with_the_dashboard_on_in_Development_only_and_users_as_a_list_or_one_value()
    {
        var production = HangfireSettings.From(TestConfiguration.From(), new TestEnvironment("Production"));
        var development = HangfireSettings.From(TestConfiguration.From(), new TestEnvironment("Development"));
        var listed = HangfireSettings.From(TestConfiguration.From(("Hangfire:DashboardUsers", " ops , ,dev"), ("Hangfire:StaleScanCron", " */5 * * * * "),
            ("Hangfire:Enabled", "false")), new TestEnvironment("Production"));
        var arrayed = HangfireSettings.From(TestConfiguration.From(("Hangfire:DashboardUsers:0", " ops "), ("Hangfire:DashboardUsers:1", ""),
            ("Hangfire:StaleScanCron", "")), new TestEnvironment("Production"));

        Assert.Equal((true, HangfireSettings.DefaultStaleScanCron, TimeSpan.FromSeconds(15), false),
            (production.Enabled, production.StaleScanCron, production.SchedulePollingInterval, production.Dashboard));
        Assert.Empty(production.DashboardUsers);
        Assert.True(development.Dashboard);
        Assert.Equal(["dev", "ops"], listed.DashboardUsers.Order(StringComparer.Ordinal));
        Assert.Equal(("*/5 * * * *", false), (listed.StaleScanCron, listed.Enabled));
        Assert.Equal(["ops"], arrayed.DashboardUsers);
        Assert.Equal(HangfireSettings.DefaultStaleScanCron, arrayed.StaleScanCron);
        Assert.Equal("Hangfire:SchedulePollingInterval must be positive.", Assert.Throws<InvalidOperationException>(() =>
            HangfireSettings.From(TestConfiguration.From(("Hangfire:SchedulePollingInterval", "00:00:00")), new TestEnvironment("Production"))).Message);
    }

    [Fact]
    public void Auth_settings_name_every_bad_key_and_an_issuer_leaves_the_shared_key_unused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AuthSettings.From(TestConfiguration.From(("Auth:SigningKey", "short-key"))));
        var oidc = AuthSettings.From(TestConfiguration.From(("Auth:Authority", "https://issuer.example"), ("Auth:Audience", "kanban"),
            ("Auth:SigningKey", "TEST-ONLY-KEY-kanbancustomer-tests-0123456789"), ("Auth:Issuer", "tests")));

        Assert.Equal("Auth:SigningKey must be at least 32 bytes. Auth:SigningKey needs Auth:Issuer.", error.Message);
        Assert.Equal(("https://issuer.example", "kanban", "", null), (oidc.Authority, oidc.Audience, oidc.Issuer, oidc.SigningKey));
    }

    [Fact]
    public void A_module_registers_its_options_once_as_the_instance_and_as_IOptions()
    {
        var services = new ServiceCollection().AddKanbanEvents(TestConfiguration.From()).AddKanbanJobs(TestConfiguration.From());
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<EventOptions>(), provider.GetRequiredService<IOptions<EventOptions>>().Value);
        Assert.Same(provider.GetRequiredService<StaleScanOptions>(), provider.GetRequiredService<IOptions<StaleScanOptions>>().Value);
    }
}

using KanbanCustomer.Tests.Support;
using System.Net;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Webhooks;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>The rules without a server: configuration, the address check, the signature, and the webhook's recorded changes.</summary>
public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_defaults_are_ten_seconds_six_attempts_and_growing_delays_with_the_guard_on_outside_development()
    {
        var production = WebhookOptions.From(TestConfiguration.From(), new TestEnvironment("Production"));
        var development = WebhookOptions.From(TestConfiguration.From(), new TestEnvironment("Development"));

        Assert.Equal(TimeSpan.FromSeconds(10), production.Timeout);
        Assert.Equal(6, production.MaxAttempts);
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)], production.RetryDelays);
        Assert.Equal(TimeSpan.FromMinutes(1), production.SweepInterval);
        Assert.False(production.AllowPrivateNetworks);
        Assert.True(development.AllowPrivateNetworks);
    }

    [Fact]
    public void Settings_come_from_the_webhooks_section_as_a_list_or_an_array()
    {
        var listed = WebhookOptions.From(TestConfiguration.From(("Webhooks:RetryDelays", "00:00:05, 00:00:30"), ("Webhooks:MaxAttempts", "3"),
            ("Webhooks:Timeout", "00:00:03"), ("Webhooks:AllowPrivateNetworks", "true"), ("Webhooks:SweepInterval", "00:00:20")), new TestEnvironment("Production"));
        var arrayed = WebhookOptions.From(TestConfiguration.From(("Webhooks:RetryDelays:0", "00:00:01"), ("Webhooks:RetryDelays:1", "00:00:02")), new TestEnvironment("Production"));

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)], listed.RetryDelays);
        Assert.Equal((3, TimeSpan.FromSeconds(3), true, TimeSpan.FromSeconds(20)), (listed.MaxAttempts, listed.Timeout, listed.AllowPrivateNetworks, listed.SweepInterval));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], arrayed.RetryDelays);
    }

    [Theory]
    [InlineData("Webhooks:MaxAttempts", "0")]
    [InlineData("Webhooks:Timeout", "00:00:00")]
    [InlineData("Webhooks:RetryDelays", "soon")]
    [InlineData("Webhooks:RetryDelays", "-00:00:01")]
    [InlineData("Webhooks:SweepInterval", "00:00:00")]
    public void A_setting_out_of_range_stops_the_server(string key, string value) =>
        Assert.Throws<InvalidOperationException>(() => WebhookOptions.From(TestConfiguration.From((key, value)), new TestEnvironment("Production")));

    [Fact]
    public void The_wait_after_each_failed_attempt_follows_the_list_and_then_repeats_its_last()
    {
        var options = new WebhookOptions { RetryDelays = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)] };

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)], [options.RetryDelay(1), options.RetryDelay(2), options.RetryDelay(3)]);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.20.1.1", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.100.100.200", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("ff02::1", false)]
    public void Only_public_addresses_pass_the_guard(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void The_signature_is_the_lowercase_hex_hmac_sha256_of_the_body()
    {
        // The RFC-style example everyone checks HMAC-SHA256 against.
        var signature = WebhookSignature.Sign("key", "The quick brown fox jumps over the lazy dog"u8);

        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", signature);
    }

    [Fact]
    public void A_webhook_records_what_changed_and_nothing_when_nothing_did()
    {
        var webhook = new Webhook(Guid.CreateVersion7(), "https://hooks.example.com/a", "0123456789abcdef", enabled: true, "alice", Now);
        webhook.ClearChanges();

        webhook.Change("https://hooks.example.com/a", "0123456789abcdef", true);
        var none = webhook.Changes.Count;
        webhook.Change(null, "fedcba9876543210", false);

        Assert.Equal(0, none);
        var updated = Assert.IsType<WebhookUpdated>(Assert.Single(webhook.Changes).Change);
        Assert.Equal(["secret", "enabled"], updated.Fields);
        Assert.False(updated.Enabled);
    }
}

using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Webhooks;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>The SSRF guard as it stands outside Development (<c>Webhooks:AllowPrivateNetworks</c> unset): on save, and on delivery.</summary>
public sealed class WebhookGuardTests(GuardedWebhookApp app) : WebhookTestBase(app), IClassFixture<GuardedWebhookApp>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://127.1.2.3/")]
    [InlineData("http://localhost:3000/hook")]
    [InlineData("http://LOCALHOST./hook")]
    [InlineData("http://api.localhost/hook")]
    [InlineData("http://10.1.2.3/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://172.31.255.254/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    public async Task A_url_into_a_private_network_is_refused(string url)
    {
        var board = await Alice.CreateBoardAsync();

        var response = await Alice.MutateAsync("addWebhook", "AddWebhookInput", new { boardId = board.BoardId, url, secret = Secret }, "webhook { id }");

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("url", response.FirstErrorExtensions.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_public_url_is_accepted_and_an_update_into_a_private_network_is_refused()
    {
        var board = await Alice.CreateBoardAsync();
        var id = await AddWebhookAsync(board.BoardId, new Uri("https://hooks.example.com/kanban"));

        var response = await Alice.MutateAsync("updateWebhook", "UpdateWebhookInput", new { webhookId = id, url = "http://192.168.0.10/hook" }, "webhook { url }");

        Assert.Equal(("VALIDATION", "url"), (response.ErrorCode, response.FirstErrorExtensions.GetProperty("field").GetString()));
        Assert.Equal("https://hooks.example.com/kanban", (await Alice.BoardAsync(board.BoardId, "webhooks { nodes { url } }")).Str("webhooks.nodes.0.url"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_delivery_to_a_host_that_resolves_into_a_private_network_is_not_sent(string host)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var board = await Alice.CreateBoardAsync();
        // Stored behind the API's back: as if the name had resolved to a public address when the webhook was saved.
        var url = new UriBuilder(receiver.Url) { Host = host }.Uri;
        var webhook = await StoreWebhookAsync(board.BoardId, url);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhook);

        await FailedAttemptAsync(delivery);

        Assert.Empty(receiver.Requests);
        var logged = await LoggedAsync(board.BoardId, delivery);
        Assert.Equal(("PENDING", 1), (logged.Str("status"), logged.Number("attempts")));
        Assert.Contains("non-public address", logged.Str("lastError"), StringComparison.Ordinal);
    }

    private async Task<string> StoreWebhookAsync(string boardId, Uri url)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        var webhook = new Webhook(Ids.Parse(boardId, "Board"), url.ToString(), Secret, enabled: true, "alice", App.Clock.GetUtcNow());
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync();
        return Ids.Global("Webhook", webhook.Id);
    }
}

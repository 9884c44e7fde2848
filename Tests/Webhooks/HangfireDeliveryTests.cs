using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>Deliveries through Hangfire itself: its queue, its worker, and its retry on the delays the delivery records, in real time.</summary>
[Collection(HangfireHosts.Name)]
public sealed class HangfireDeliveryTests(HangfireWebhookApp app) : WebhookTestBase(app), IClassFixture<HangfireWebhookApp>
{
    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_is_retried_by_hangfire_until_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 502, 200);
        var board = await Alice.CreateBoardAsync();
        var delivery = await CreateDeliveryAsync(board.BoardId, await AddWebhookAsync(board.BoardId, receiver.Url));

        App.Services.GetRequiredService<IWebhookDispatcher>().Dispatch(delivery);

        var requests = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(30));
        var logged = await WaitForStatusAsync(board.BoardId, delivery, "DELIVERED");
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(delivery.ToString(), r.Headers[StaleDigest.DeliveryHeader]));
        Assert.Equal((3, 200), (logged.Number("attempts"), logged.Number("lastStatusCode")));
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.Equal(3, receiver.Requests.Count);
    }
}

namespace KanbanCustomer.Tests.Webhooks;

/// <summary>The delivery job against a real receiver on 127.0.0.1, run by the test as a Hangfire worker would run it, with a fake clock.</summary>
public abstract class WebhookDeliveryTestBase(WebhookApp app) : WebhookTestBase(app)
{
    private protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private protected new WebhookApp App => (WebhookApp)base.App;
}

using KanbanCustomer.Api.Auth;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Hosting;
using KanbanCustomer.Api.Hosting.Health;
using KanbanCustomer.Infrastructure.Events;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Limits;
using KanbanCustomer.Infrastructure.Notifications;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Api.SchemaRoot;
using KanbanCustomer.Api.Transport;
using KanbanCustomer.Api.Transport.Ide;

var builder = WebApplication.CreateBuilder(args);

if (args is ["token", ..])
    return TokenIssuer.RunVerb(args, builder.Configuration, Console.Out, Console.Error);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddKanbanPersistence(builder.Configuration);
builder.Services.AddKanbanDataProtection(); // the key ring in the database: one for every instance
builder.Services.AddKanbanEvents(builder.Configuration);
builder.Services.AddKanbanSharedLimits(builder.Configuration); // rate windows and live slots in Redis, where it is configured
builder.Services.AddKanbanAuth(builder.Configuration);
var limits = GraphQLLimits.From(builder.Configuration, builder.Environment);
builder.Services.AddKanbanFeatures();
builder.Services.AddKanbanExecution(limits, builder.Configuration, builder.Environment);
builder.Services.AddKanbanTransports(limits);
builder.Services.AddGraphQLIde(builder.Configuration, builder.Environment); // GraphiQL on GET /graphql for browsers (Api/Transport/Ide)
builder.Services.AddKanbanJobs(builder.Configuration);
builder.Services.AddKanbanHangfire(builder.Configuration, builder.Environment);
builder.Services.AddKanbanWebhooks(builder.Configuration, builder.Environment);
builder.Services.AddKanbanNotifications(builder.Configuration);
builder.Services.AddKanbanTelemetry(builder.Configuration);
builder.Services.AddKanbanHealth(builder.Configuration);

var app = builder.Build();

app.UseClientFaults(); // first: malformed HTTP anywhere below is the client's 400, not a 500
app.MapKanbanHealth(); // no authentication, no rate limit: probes stay cheap (the ready result is cached)
app.UseKanbanTelemetry(); // the Prometheus scrape endpoint, where it is on
app.UseAuthentication();
app.UseRateLimiter(); // after authentication: the limiter partitions by the token's sub
app.UseWebSockets(); // graphql-transport-ws on /graphql (Api/Transport); the token comes in connection_init
app.MapGraphQLHttp("/graphql");
app.MapGet("/", () => Results.Text("KanbanCustomer GraphQL API: POST /graphql (Accept: text/event-stream for Server-Sent Events), WebSocket /graphql (graphql-transport-ws), schema at /graphql/schema.graphql (where introspection is on)\n"));

await app.PrepareDatabaseAsync();
app.UseKanbanHangfire();

if (app.Environment.IsDevelopment())
{
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        if (!app.Logger.IsEnabled(LogLevel.Information))
            return;
        var settings = app.Services.GetRequiredService<AuthSettings>();
        var token = settings.SigningKey is null ? "(ask your OpenID Connect issuer)"
            : TokenIssuer.Issue(settings, DemoData.DemoUser, "Dev User", TimeSpan.FromHours(12), TimeProvider.System.GetUtcNow());
        app.Logger.LogInformation(
            "KanbanCustomer is listening on {Url}/graphql\nA development token (12 h) for the demo board's admin:\n{Token}\nTry: curl -s {Url}/graphql -H 'Authorization: Bearer {Token}' -H 'Content-Type: application/json' -d '{Body}'",
            url, token, url, token, System.Text.Json.JsonSerializer.Serialize(new { query = DemoData.TryQuery }));
    });
}

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

using System.Net;
using System.Net.Http.Headers;
using Hangfire;
using Hangfire.Storage;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Api;
using KanbanCustomer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Jobs;

/// <summary>A Hangfire server in the host, the stale scan every second (a six-field cron) and a short polling interval.</summary>
public sealed class HangfireServerSqliteApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => HangfireServerSettings.Values;
}

public sealed class HangfireServerPostgresApp() : KanbanApp(new PostgresTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => HangfireServerSettings.Values;
}

internal static class HangfireServerSettings
{
    public static Dictionary<string, string?> Values => new()
    {
        ["Hangfire:Enabled"] = "true",
        ["Hangfire:StaleScanCron"] = "*/1 * * * * *",
        ["Hangfire:SchedulePollingInterval"] = "00:00:01",
    };
}

/// <summary>Production with the dashboard turned on for one listed user.</summary>
public sealed class DashboardApp() : KanbanApp(new SqliteTestDatabase())
{
    public const string Operator = "ops-admin";

    protected override string Environment => "Production";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Hangfire:Dashboard"] = "true",
        ["Hangfire:DashboardUsers:0"] = Operator,
    };
}

/// <summary>The recurring scan as Hangfire runs it: storage per provider, the job from DI, the clock from the host.</summary>
public abstract class HangfireServerTests(KanbanApp app) : ApiTestBase(app)
{
    [Fact]
    public void The_stale_scan_is_registered_once_with_the_configured_cron()
    {
        using var connection = App.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == StaleScanJob.RecurringJobId);

        Assert.Equal("*/1 * * * * *", job.Cron);
        Assert.Equal(typeof(StaleScanJob), job.Job.Type);
    }

    [Fact]
    public async Task A_running_server_flags_an_overdue_card_on_its_own()
    {
        var board = await Alice.CreateBoardAsync(columns: new object[] { new { name = "Inbox", staleAfter = "PT1M" } });
        var card = Ids.Parse((await Alice.CreateCardAsync(board.BoardId)).Str("id"), "Card");

        App.Clock.Advance(TimeSpan.FromMinutes(2));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await FlagCountAsync(card) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The scheduled scan did not flag the card within 30 seconds.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, await FlagCountAsync(card));
    }

    private async Task<int> FlagCountAsync(Guid cardId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
        return await db.BoardEvents.CountAsync(e => e.CardId == cardId && e.Type == "CardFlaggedStale", TestContext.Current.CancellationToken);
    }
}

[Collection(HangfireHosts.Name)]
public sealed class SqliteHangfireServerTests(HangfireServerSqliteApp app) : HangfireServerTests(app), IClassFixture<HangfireServerSqliteApp>;

[Collection(HangfireHosts.Name)]
public sealed class PostgresHangfireServerTests(HangfireServerPostgresApp app) : HangfireServerTests(app), IClassFixture<HangfireServerPostgresApp>;

/// <summary>The dashboard at /hangfire: off in Production unless configured, and then only for listed users with a bearer token.</summary>
public sealed class HangfireDashboardTests(ProductionApp production, DevelopmentApp development, DashboardApp dashboard)
    : IClassFixture<ProductionApp>, IClassFixture<DevelopmentApp>, IClassFixture<DashboardApp>
{
    [Fact]
    public async Task Is_not_there_in_Production_by_default()
    {
        var response = await GetAsync(production, production.TokenFor("alice"));

        Assert.Equal(HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task Is_there_in_Development_by_default_but_not_for_an_anonymous_request()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(development, token: null));
    }

    [Fact]
    public async Task Admits_the_demo_boards_admin_in_Development_and_nobody_else()
    {
        Assert.Equal(HttpStatusCode.OK, await GetAsync(development, development.TokenFor(KanbanCustomer.Api.Hosting.DemoData.DemoUser)));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(development, development.TokenFor("alice")));
    }

    [Fact]
    public async Task Admits_a_listed_user()
    {
        Assert.Equal(HttpStatusCode.OK, await GetAsync(dashboard, dashboard.TokenFor(DashboardApp.Operator)));
    }

    [Fact]
    public async Task Refuses_a_signed_in_user_who_is_not_listed()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(dashboard, dashboard.TokenFor("alice")));
    }

    [Fact]
    public async Task Refuses_an_anonymous_request()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(dashboard, token: null));
    }

    [Fact]
    public async Task Refuses_a_token_that_does_not_verify()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(dashboard, dashboard.TokenFor(DashboardApp.Operator) + "x"));
    }

    private static async Task<HttpStatusCode> GetAsync(KanbanApp app, string? token)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}

using System.Net;
using System.Security.Claims;
using System.Text.Json;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Api.Hosting;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Integration;

/// <summary>
/// Two API processes on one PostgreSQL database and one Redis, all on loopback: the shape of a scaled-out
/// deployment. Needs PostgreSQL and redis-server (installed and started by .ci/run); skips locally without them.
/// </summary>
public class ScaleOutCluster : IAsyncLifetime
{
    /// <summary>Listed in <c>Hangfire:DashboardUsers</c> (the dashboard is on in this cluster).</summary>
    public const string DashboardUser = "operator";

    private readonly PostgresTestDatabase _database = new();
    private readonly Dictionary<string, string> _settings = [];

    public RedisProcess Redis { get; } = new();

    public ApiProcess A { get; private set; } = null!;

    public ApiProcess B { get; private set; } = null!;

    public string? SkipReason { get; private set; }

    /// <summary>The database both instances use.</summary>
    public string DatabaseConnectionString => _database.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        await _database.CreateAsync();
        SkipReason = _database.SkipReason ?? RedisProcess.SkipReason;
        if (SkipReason is not null)
        {
            if (TestDatabase.InCi)
                throw new InvalidOperationException("CI=true needs PostgreSQL and Redis: " + SkipReason);
            return;
        }

        await Redis.StartAsync(TimeSpan.FromSeconds(10));
        _settings["Database:Provider"] = "Postgres";
        _settings["ConnectionStrings:Kanban"] = _database.ConnectionString;
        _settings["Database:SeedDemoData"] = "false";
        _settings["Redis:Configuration"] = Redis.Configuration;
        _settings["Auth:SigningKey"] = KanbanApp.SigningKey;
        _settings["Auth:Issuer"] = KanbanApp.Issuer;
        _settings["GraphQL:RateLimit:Enabled"] = "false";
        _settings["Events:RelayInterval"] = "00:00:01";
        _settings["Events:RelayGrace"] = "00:00:01";
        _settings["Hangfire:Dashboard"] = "true";
        _settings["Hangfire:DashboardUsers"] = DashboardUser;
        Configure(_settings);

        A = new ApiProcess(_settings);
        await A.StartAsync(TimeSpan.FromSeconds(60));
        // The first instance migrated the database; the second must not race it.
        B = new ApiProcess(new Dictionary<string, string>(_settings) { ["Database:MigrateOnStartup"] = "false" });
        await B.StartAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Settings of a cluster of another shape, over the ones above (both instances get them).</summary>
    protected virtual void Configure(Dictionary<string, string> settings)
    {
    }

    public string TokenFor(string userId) =>
        TokenIssuer.Issue(AuthSettings.From(new ConfigurationBuilder().AddInMemoryCollection(_settings!).Build()), userId, userId,
            TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow());

    public GraphQLClient HttpClientFor(ApiProcess instance, string userId) =>
        new(new HttpClient { BaseAddress = instance.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, TokenFor(userId));

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (A is not null)
            await A.DisposeAsync();
        if (B is not null)
            await B.DisposeAsync();
        await Redis.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class ScaleOutTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private const string Subscription = """
        subscription($board: ID!, $after: Int) {
          boardEvents(boardId: $board, afterSeq: $after) { seq type ... on CardCreatedEvent { card { title } } }
        }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_made_on_one_instance_reach_a_subscriber_on_the_other_in_order_and_complete()
    {
        var (writer, boardId, start) = await NewBoardAsync();
        await using var subscriber = await GraphQLWsClient.ConnectAsync(Require().A.BaseAddress, cluster.TokenFor("alice"), Token);
        await subscriber.SubscribeAsync("s1", Subscription, new { board = boardId, after = start });

        var titles = Enumerable.Range(0, 15).Select(i => $"Problem {i}").ToList();
        foreach (var title in titles)
            await writer.CreateCardAsync(boardId, title);
        var events = await subscriber.NextPayloadsAsync("s1", titles.Count);

        Assert.Equal(Enumerable.Range(start + 1, titles.Count), events.Select(Seq));
        Assert.Equal(titles, events.Select(e => e.Str("data.boardEvents.card.title")));
    }

    [Fact]
    public async Task A_subscriber_that_drops_and_resumes_with_afterSeq_gets_every_event_once()
    {
        var (writer, boardId, start) = await NewBoardAsync();
        var seen = new List<int>();
        await using (var first = await GraphQLWsClient.ConnectAsync(Require().A.BaseAddress, cluster.TokenFor("alice"), Token))
        {
            await first.SubscribeAsync("s1", Subscription, new { board = boardId, after = start });
            for (var i = 0; i < 4; i++)
                await writer.CreateCardAsync(boardId, $"Before the drop {i}");
            seen.AddRange((await first.NextPayloadsAsync("s1", 4)).Select(Seq));
        }

        for (var i = 0; i < 5; i++)
            await writer.CreateCardAsync(boardId, $"While away {i}");
        await using var resumed = await GraphQLWsClient.ConnectAsync(cluster.A.BaseAddress, cluster.TokenFor("alice"), Token);
        await resumed.SubscribeAsync("s2", Subscription, new { board = boardId, after = seen[^1] });
        var replayed = await resumed.NextPayloadsAsync("s2", 5);
        await writer.CreateCardAsync(boardId, "After the return");
        var live = await resumed.NextPayloadsAsync("s2", 1);

        seen.AddRange(replayed.Concat(live).Select(Seq));
        Assert.Equal(Enumerable.Range(start + 1, 10), seen);
    }

    [Fact]
    public async Task Restarting_Redis_loses_no_committed_event()
    {
        var (writer, boardId, start) = await NewBoardAsync();
        await using var live = await GraphQLWsClient.ConnectAsync(Require().A.BaseAddress, cluster.TokenFor("alice"), Token);
        await live.SubscribeAsync("live", Subscription, new { board = boardId, after = start });
        await writer.CreateCardAsync(boardId, "Before the outage");
        Assert.Equal([start + 1], (await live.NextPayloadsAsync("live", 1)).Select(Seq));

        await cluster.Redis.StopAsync();
        for (var i = 0; i < 3; i++)
            await writer.CreateCardAsync(boardId, $"During the outage {i}");
        await cluster.Redis.StartAsync(TimeSpan.FromSeconds(10));

        // A client resuming from what it saw gets the rest from the log, Redis or no Redis.
        await using var resumed = await GraphQLWsClient.ConnectAsync(cluster.A.BaseAddress, cluster.TokenFor("alice"), Token);
        await resumed.SubscribeAsync("resumed", Subscription, new { board = boardId, after = start + 1 });
        Assert.Equal([start + 2, start + 3, start + 4], (await resumed.NextPayloadsAsync("resumed", 3)).Select(Seq));

        // The subscriber that stayed connected gets them too, once the relay has republished what Redis missed.
        var caughtUp = await live.NextPayloadsAsync("live", 3, TimeSpan.FromSeconds(60));
        Assert.Equal([start + 2, start + 3, start + 4], caughtUp.Select(Seq));
    }

    [Fact]
    public async Task A_notification_written_on_one_instance_reaches_a_subscriber_on_the_other()
    {
        var (writer, boardId, _) = await NewBoardAsync(); // written through B
        var watcher = $"watcher-{Guid.NewGuid():N}"[..20];
        await writer.AddMemberAsync(boardId, watcher, "MEMBER");
        var cardId = (await writer.CreateCardAsync(boardId, "Told across instances")).Str("id");
        Assert.Null((await cluster.HttpClientFor(cluster.B, watcher).MutateAsync("vote", "VoteInput", new { cardId }, "card { id }")).Errors);
        await using var live = await GraphQLWsClient.ConnectAsync(Require().A.BaseAddress, cluster.TokenFor(watcher), Token);
        // From the start (a fresh user has none yet): a stream without afterId begins when the server gets to it.
        await live.SubscribeAsync("inbox", "subscription($after: ID) { viewerNotifications(afterId: $after) { kind cardTitle actorId } }",
            new { after = KanbanCustomer.Api.Common.Ids.Global("Notification", "0") });

        var board = await writer.DataAsync("query($id: ID!) { board(id: $id) { columns { id } } }", new { id = boardId });
        Assert.Null((await writer.MoveCardAsync(cardId, board.At("board.columns.1.id").GetString()!)).Errors);
        var told = Assert.Single(await live.NextPayloadsAsync("inbox", 1, TimeSpan.FromSeconds(20)));

        Assert.Equal(("CARD_MOVED", "Told across instances", "alice"),
            (told.Str("data.viewerNotifications.kind"), told.Str("data.viewerNotifications.cardTitle"), told.Str("data.viewerNotifications.actorId")));
    }

    [Fact]
    public async Task A_dashboard_cookie_issued_by_one_instance_opens_the_dashboard_on_the_other_and_one_of_another_key_ring_does_not()
    {
        Require();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var signIn = await http.PostAsync(new Uri(cluster.A.BaseAddress, DashboardSignIn.SignInPath),
            new FormUrlEncodedContent([new("token", cluster.TokenFor(ScaleOutCluster.DashboardUser))]), Token);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var value = cookie[(DashboardSignIn.CookieName.Length + 1)..];
        var tampered = DashboardSignIn.CookieName + "=" + value[..^4] + (value[^4..] == "AAAA" ? "BBBB" : "AAAA");

        // The key ring both instances read is in the database: a ticket made with it is good, one made with another is not.
        await using var shared = SharedKeyRing();
        var madeWithShared = CookieMadeWith(shared.GetRequiredService<IDataProtectionProvider>());
        var madeElsewhere = CookieMadeWith(new EphemeralDataProtectionProvider());

        Assert.Equal(HttpStatusCode.OK, await DashboardAsync(http, cluster.B, cookie));
        Assert.Equal(HttpStatusCode.OK, await DashboardAsync(http, cluster.A, cookie));
        Assert.Equal(HttpStatusCode.OK, await DashboardAsync(http, cluster.B, madeWithShared));
        Assert.Equal(HttpStatusCode.Unauthorized, await DashboardAsync(http, cluster.B, madeElsewhere));
        Assert.Equal(HttpStatusCode.Unauthorized, await DashboardAsync(http, cluster.B, tampered));
        Assert.Equal(HttpStatusCode.Unauthorized, await DashboardAsync(http, cluster.B, DashboardSignIn.CookieName + "=CfDJ8forged"));
    }

    private ServiceProvider SharedKeyRing()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<PostgresKanbanDbContext>(o => o.UseNpgsql(cluster.DatabaseConnectionString));
        // Reads the ring the instances wrote; makes no key of its own.
        services.AddDataProtection().SetApplicationName(DataProtectionSetup.ApplicationName).PersistKeysToDbContext<PostgresKanbanDbContext>()
            .DisableAutomaticKeyGeneration();
        return services.BuildServiceProvider();
    }

    /// <summary>A dashboard cookie for the listed user, protected the way ASP.NET Core's cookie handler protects its tickets.</summary>
    private static string CookieMadeWith(IDataProtectionProvider provider)
    {
        var protector = provider.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", DashboardSignIn.Scheme, "v2");
        var identity = new ClaimsIdentity([new Claim("sub", ScaleOutCluster.DashboardUser), new Claim("name", ScaleOutCluster.DashboardUser)], DashboardSignIn.Scheme, "name", null);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1), IssuedUtc = DateTimeOffset.UtcNow }, DashboardSignIn.Scheme);
        return DashboardSignIn.CookieName + "=" + new TicketDataFormat(protector).Protect(ticket);
    }

    private static async Task<HttpStatusCode> DashboardAsync(HttpClient http, ApiProcess instance, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(instance.BaseAddress, "/hangfire/recurring"));
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request, Token);
        return response.StatusCode;
    }

    private ScaleOutCluster Require()
    {
        if (cluster.SkipReason is { } reason)
            Assert.Skip(reason);
        return cluster;
    }

    private async Task<(GraphQLClient Writer, string BoardId, int Start)> NewBoardAsync()
    {
        var writer = Require().HttpClientFor(cluster.B, "alice");
        var board = await writer.CreateBoardAsync($"Scale-out {Guid.NewGuid():N}");
        return (writer, board.BoardId, (int)await writer.EventCountAsync(board.BoardId));
    }

    private static int Seq(JsonElement payload) => payload.Number("data.boardEvents.seq");
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KanbanCustomer.Api.Hosting.Health;
using KanbanCustomer.Tests.Support;
using Npgsql;

namespace KanbanCustomer.Tests.Api.Hosting;

/// <summary>A Hangfire server in the host (in-memory storage on SQLite), every ready probe checked afresh.</summary>
public sealed class HealthApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Hangfire:Enabled"] = "true",
        ["Health:ReadyCacheFor"] = "00:00:00",
    };
}

/// <summary>No job server in this host, and one ready result kept for a minute.</summary>
public sealed class CachedHealthApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Health:ReadyCacheFor"] = "00:01:00" };
}

/// <summary>A fresh database the server was told not to migrate.</summary>
public sealed class UnmigratedApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Database:MigrateOnStartup"] = "false",
        ["Health:ReadyCacheFor"] = "00:00:00",
    };
}

/// <summary>What a probe reads: the JSON body and the status code.</summary>
internal sealed record HealthAnswer(HttpStatusCode Status, string? MediaType, string Text, JsonElement Root)
{
    private static readonly string[] Statuses = ["Healthy", "Degraded", "Unhealthy"];

    public string Overall => Root.GetProperty("status").GetString()!;

    public JsonElement Entries => Root.GetProperty("entries");

    public IReadOnlyList<string> Names => Entries.EnumerateObject().Select(e => e.Name).ToList();

    public string StatusOf(string entry) => Entries.GetProperty(entry).GetProperty("status").GetString()!;

    public static async Task<HealthAnswer> GetAsync(HttpClient http, string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new HealthAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The shape health dashboards read, for every entry.</summary>
    public void AssertShape()
    {
        Assert.True(TimeSpan.TryParse(Root.GetProperty("totalDuration").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), Text);
        foreach (var entry in Entries.EnumerateObject())
        {
            Assert.Contains(entry.Value.GetProperty("status").GetString(), Statuses);
            Assert.True(TimeSpan.TryParse(entry.Value.GetProperty("duration").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), Text);
            Assert.False(string.IsNullOrWhiteSpace(entry.Value.GetProperty("description").GetString()), Text);
            Assert.Equal(JsonValueKind.Array, entry.Value.GetProperty("tags").ValueKind);
            Assert.False(entry.Value.TryGetProperty("exception", out _), Text);
        }
    }
}

[Collection(HangfireHosts.Name)]
public sealed class HealthTests(HealthApp app, CachedHealthApp cached, UnmigratedApp unmigrated)
    : IClassFixture<HealthApp>, IClassFixture<CachedHealthApp>, IClassFixture<UnmigratedApp>
{
    [Fact]
    public async Task A_database_that_lacks_migrations_is_not_ready()
    {
        var http = unmigrated.CreateClient();

        var ready = await HealthAnswer.GetAsync(http, HealthSetup.ReadyPath);
        var live = await HealthAnswer.GetAsync(http, HealthSetup.LivePath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", ready.StatusOf("database"));
        Assert.Matches("^The database lacks [0-9]+ migration\\(s\\)\\.$", ready.Entries.GetProperty("database").GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, live.Status);
    }

    [Fact]
    public async Task Live_answers_200_without_a_database_query_while_ready_asks_the_database()
    {
        var http = app.CreateClient();
        await HealthAnswer.GetAsync(http, HealthSetup.ReadyPath); // the first probe pays for the app's start

        app.Commands.Reset();
        var live = await HealthAnswer.GetAsync(http, HealthSetup.LivePath);
        var liveCommands = app.Commands.Count;
        app.Commands.Reset();
        var ready = await HealthAnswer.GetAsync(http, HealthSetup.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("Healthy", live.Overall);
        Assert.Equal(["self"], live.Names);
        Assert.Equal(0, liveCommands);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.True(app.Commands.Count > 0, "The ready probe should have queried the database.");
    }

    [Fact]
    public async Task Ready_is_healthy_on_a_migrated_database_with_a_live_job_server_and_no_Redis_entry()
    {
        var ready = await HealthAnswer.GetAsync(app.CreateClient(), HealthSetup.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Overall);
        Assert.Equal(["database", "hangfire-server", "hangfire-storage"], ready.Names.Order(StringComparer.Ordinal));
        Assert.All(ready.Names, name => Assert.Equal("Healthy", ready.StatusOf(name)));
        Assert.Contains("ready", ready.Entries.GetProperty("database").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        ready.AssertShape();
        Assert.Equal("application/json", ready.MediaType);
    }

    [Fact]
    public async Task Probes_need_no_token_and_a_bad_one_changes_nothing()
    {
        var http = app.CreateClient();

        foreach (var path in new[] { HealthSetup.LivePath, HealthSetup.ReadyPath })
        {
            var bare = await HealthAnswer.GetAsync(http, path);
            var badToken = await HealthAnswer.GetAsync(http, path, "not-a-token");
            var expired = await HealthAnswer.GetAsync(http, path, app.TokenFor("alice", lifetime: TimeSpan.FromSeconds(-600)));

            Assert.Equal(HttpStatusCode.OK, bare.Status);
            Assert.Equal(HttpStatusCode.OK, badToken.Status);
            Assert.Equal(HttpStatusCode.OK, expired.Status);
            Assert.Equal(bare.Names, badToken.Names);
        }
    }

    [Fact]
    public async Task Without_a_job_server_in_this_instance_ready_is_degraded_but_still_200()
    {
        var ready = await HealthAnswer.GetAsync(cached.CreateClient(), HealthSetup.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Degraded", ready.Overall);
        Assert.Equal("Degraded", ready.StatusOf("hangfire-server"));
        Assert.Equal("Healthy", ready.StatusOf("database"));
    }

    [Fact]
    public async Task A_flood_of_ready_probes_within_the_cache_period_asks_the_database_once_at_most()
    {
        var http = cached.CreateClient();
        await HealthAnswer.GetAsync(http, HealthSetup.ReadyPath);

        cached.Commands.Reset();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => HealthAnswer.GetAsync(http, HealthSetup.ReadyPath)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(0, cached.Commands.Count);
    }

    [Fact]
    public async Task The_Prometheus_endpoint_is_off_by_default()
    {
        using var response = await app.CreateClient().GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>PostgreSQL behind a relay the test can cut, with a Hangfire server on it and no ready result kept.</summary>
public sealed class RelayedPostgresApp() : KanbanApp(new PostgresTestDatabase())
{
    public TcpRelay? Relay { get; private set; }

    /// <summary>The database's connection string, with the relay's port in place of the server's.</summary>
    public string RelayedConnectionString { get; private set; } = "";

    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var direct = new NpgsqlConnectionStringBuilder(ConnectionString);
            Relay ??= new TcpRelay(direct.Host!, direct.Port);
            // Short timeouts: a cut connection shows in seconds, not in Npgsql's default 15 s.
            RelayedConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = Relay.Port, Timeout = 3, CommandTimeout = 5 }.ConnectionString;
            return new Dictionary<string, string?>
            {
                ["ConnectionStrings:Kanban"] = RelayedConnectionString,
                ["Hangfire:Enabled"] = "true",
                ["Health:ReadyCacheFor"] = "00:00:00",
                ["Health:CheckTimeout"] = "00:00:05",
            };
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Relay is not null)
            await Relay.DisposeAsync();
    }
}

[Collection(HangfireHosts.Name)]
public sealed class DatabaseOutageHealthTests(RelayedPostgresApp app) : IClassFixture<RelayedPostgresApp>
{
    [Fact]
    public async Task Ready_turns_503_while_the_database_is_unreachable_and_200_again_when_it_is_back_without_a_restart()
    {
        var http = app.Require().CreateClient();
        var before = await HealthAnswer.GetAsync(http, HealthSetup.ReadyPath);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal("Healthy", before.StatusOf("database"));

        await app.Relay!.CloseAsync();
        var down = await PollAsync(http, HttpStatusCode.ServiceUnavailable);
        var live = await HealthAnswer.GetAsync(http, HealthSetup.LivePath);
        app.Relay.Open();
        var back = await PollAsync(http, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal("Unhealthy", down.Overall);
        Assert.Equal("Unhealthy", down.StatusOf("database"));
        Assert.Equal("The database did not answer.", down.Entries.GetProperty("database").GetProperty("description").GetString());
        Assert.Equal("Unhealthy", down.StatusOf("hangfire-storage"));
        down.AssertShape();
        AssertNothingSensitive(down.Text);
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.OK, back.Status);
        Assert.Equal("Healthy", back.StatusOf("database"));
        AssertNothingSensitive(back.Text);
    }

    /// <summary>Probes (bounded: 30 s) until ready answers <paramref name="status"/>; returns the last answer.</summary>
    private static async Task<HealthAnswer> PollAsync(HttpClient http, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var answer = await HealthAnswer.GetAsync(http, HealthSetup.ReadyPath);
            if (answer.Status == status || DateTime.UtcNow > deadline)
                return answer;
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private void AssertNothingSensitive(string body)
    {
        var connection = new NpgsqlConnectionStringBuilder(app.RelayedConnectionString);
        foreach (var secret in new[] { app.RelayedConnectionString, connection.Host!, connection.Database!, connection.Username!, "Password", app.Relay!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "Exception", "Npgsql", "   at " })
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Redis configured (a redis-server of the test's own), no job server in this host.</summary>
public sealed class RedisHealthApp() : KanbanApp(new SqliteTestDatabase())
{
    public RedisProcess Redis { get; } = new();

    public string? SkipReason { get; private set; }

    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            if (RedisProcess.Executable is null)
            {
                SkipReason = "redis-server is not installed (apt-get install redis-server, or run .ci/run).";
                if (TestDatabase.InCi)
                    throw new InvalidOperationException("CI=true needs Redis: " + SkipReason);
            }
            else if (!Redis.IsRunning)
            {
                Redis.StartAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            }

            return new Dictionary<string, string?> { ["Redis:Configuration"] = Redis.Configuration, ["Health:ReadyCacheFor"] = "00:00:00" };
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

public sealed class RedisHealthTests(RedisHealthApp app) : IClassFixture<RedisHealthApp>
{
    [Fact]
    public async Task Ready_has_a_Redis_entry_where_Redis_is_configured_and_it_degrades_while_Redis_is_away()
    {
        var http = app.CreateClient();
        if (app.SkipReason is { } reason)
            Assert.Skip(reason);

        var up = await PollRedisAsync(http, "Healthy");
        await app.Redis.StopAsync();
        var away = await PollRedisAsync(http, "Degraded");
        await app.Redis.StartAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Healthy", up.StatusOf("redis"));
        Assert.Contains("events", up.Entries.GetProperty("redis").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Degraded", away.StatusOf("redis"));
        Assert.Equal(HttpStatusCode.OK, away.Status);
        Assert.DoesNotContain(app.Redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), away.Text, StringComparison.Ordinal);
    }

    private static async Task<HealthAnswer> PollRedisAsync(HttpClient http, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var answer = await HealthAnswer.GetAsync(http, HealthSetup.ReadyPath);
            if ((answer.Names.Contains("redis") && answer.StatusOf("redis") == status) || DateTime.UtcNow > deadline)
                return answer;
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}

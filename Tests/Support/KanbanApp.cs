using KanbanCustomer.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace KanbanCustomer.Tests.Support;

/// <summary>The real server (HTTP pipeline, auth, GraphQL, EF) on a fresh database of one engine.</summary>
public abstract class KanbanApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "TEST-ONLY-KEY-kanbancustomer-tests-0123456789";
    public const string Issuer = "kanbancustomer-tests";

    private readonly TestDatabase _database;

    protected KanbanApp(TestDatabase database) => _database = database;

    public string Provider => _database.Provider;

    public string ConnectionString => _database.ConnectionString;

    public CommandCounter Commands { get; } = new();

    // Whole seconds: PostgreSQL keeps microseconds, SQLite ticks; a round start keeps both exact.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));

    /// <summary>Extra settings a fixture adds on top of the defaults (e.g. <c>GraphQL:MaxRequestBytes</c>).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>Services a fixture adds or replaces (e.g. an EF interceptor).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>The host environment; a fixture can play Production or Development to get their defaults.</summary>
    protected virtual string Environment => "Testing";

    public AuthSettings Auth => Services.GetRequiredService<AuthSettings>();

    public async ValueTask InitializeAsync() => await _database.CreateAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Skips the calling test (locally) when this fixture's database server is missing.</summary>
    public KanbanApp Require()
    {
        if (_database.SkipReason is { } reason)
            Assert.Skip(reason);
        return this;
    }

    public string TokenFor(string userId, string? name = null, TimeSpan? lifetime = null) =>
        TokenIssuer.Issue(Auth, userId, name ?? userId, lifetime ?? TimeSpan.FromHours(1), TimeProvider.System.GetUtcNow());

    public GraphQLClient ClientFor(string userId, string? name = null) => new(CreateClient(), TokenFor(userId, name)) { UserId = userId };

    public GraphQLClient AnonymousClient() => new(CreateClient(), null);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = _database.Provider,
            ["ConnectionStrings:Kanban"] = _database.ConnectionString,
            ["Database:SeedDemoData"] = "false",
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = Issuer,
            // Tests run the jobs themselves (with the fake clock); a fixture that wants a real server says so.
            ["Hangfire:Enabled"] = "false",
            // Likewise the notification fan-out (NotificationFanOut), so no pass races a test's own.
            ["Notifications:Worker"] = "false",
            ["Notifications:StreamInterval"] = "00:00:00.100",
        };
        if (Environment == "Testing")
        {
            // Test classes send hundreds of requests as one user, and the schema snapshot reads the SDL.
            settings["GraphQL:RateLimit:Enabled"] = "false";
            settings["GraphQL:EnableIntrospection"] = "true";
        }

        foreach (var (key, value) in ExtraSettings)
            settings[key] = value;
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IInterceptor>(Commands);
            services.AddSingleton<KanbanCustomer.Api.Common.Reads.IReadListener>(Commands);
            // Requests run in the test's execution context, so the command counter sees which commands a test's request sent.
            services.Configure<Microsoft.AspNetCore.TestHost.TestServerOptions>(o => o.PreserveExecutionContext = true);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            ConfigureTestServices(services);
        });
    }
}

public sealed class SqliteApp() : KanbanApp(new SqliteTestDatabase());

public sealed class PostgresApp() : KanbanApp(new PostgresTestDatabase());

/// <summary>The suites' SQL Server fixture: skips unless <c>KANBAN_TEST_SQLSERVER</c> names a server (<see cref="SqlServerTestDatabase"/>).</summary>
public sealed class SqlServerApp() : KanbanApp(new SqlServerTestDatabase());

using System.Net;
using KanbanCustomer.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Benchmarks.QueryLoad;

/// <summary>
/// The real API (Program's whole pipeline: auth, GraphQL endpoint, EF) on Kestrel at 127.0.0.1 in this process, so that
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> sees its allocations. Production environment, logging at Warning; the
/// rate limiter and the Hangfire server are off (they would refuse or compete with the load, not serve it).
/// The factory's type argument only names the API's assembly (whose entry point it runs): this project has a
/// <c>Program</c> of its own.
/// </summary>
internal sealed class ApiHost : WebApplicationFactory<AuthSettings>
{
    private readonly Dictionary<string, string> _settings;

    public ApiHost(string provider, string connection, bool responseCache)
    {
        _settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Kanban"] = connection,
            ["Database:SeedDemoData"] = "false",
            ["GraphQL:RateLimit:Enabled"] = "false",
            ["GraphQL:ResponseCache:Enabled"] = responseCache ? "true" : "false",
            ["Hangfire:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        }.WithAuth();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public Uri Start()
    {
        StartServer();
        return Address(Services);
    }

    public static string TokenFor(string user) => BenchmarkAuth.TokenFor(user, TimeSpan.FromHours(4));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // The API's appsettings.json is copied beside this program; the API needs no other file.
        builder.UseContentRoot(AppContext.BaseDirectory);
        // Program reads its configuration while registering services, so the settings go in as host settings too.
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings!));
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    internal static Uri Address(IServiceProvider services)
    {
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new Uri(new Uri(address), "/graphql");
    }
}

/// <summary>
/// The ceiling: a bare Kestrel endpoint (one POST route, no auth, no GraphQL, no database) that reads the request body
/// and answers with fixed bytes, those the API produced for the operation under test.
/// </summary>
internal sealed class CeilingHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private byte[] _body = [];

    private CeilingHost(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<CeilingHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var host = new CeilingHost(app);
        app.MapPost("/graphql", host.HandleAsync);
        await app.StartAsync();
        host.Address = ApiHost.Address(app.Services);
        return host;
    }

    /// <summary>What the next requests get.</summary>
    public void Serve(byte[] body) => Volatile.Write(ref _body, body);

    private async Task HandleAsync(HttpContext http)
    {
        await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
        var body = Volatile.Read(ref _body);
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using KanbanCustomer.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace KanbanCustomer.Tests.Api;

/// <summary>The server with <c>Auth:*</c> replaced, in the Production environment: for start-up refusals.</summary>
public sealed class MisconfiguredAuthApp(IDictionary<string, string?> auth) : KanbanApp(new SqliteTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => auth;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>
/// What the authentication tests share: sending a request with a given Authorization header, and auth settings.
/// </summary>
public abstract class AuthTestBase(SqliteApp app) : ApiTestBase(app)
{
    private protected const string ViewerQuery = "{ viewer { userId name } }";

    private protected static IConfiguration Configuration(string signingKey, string issuer) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = signingKey,
            ["Auth:Issuer"] = issuer,
        }).Build();
}

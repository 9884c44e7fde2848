using KanbanCustomer.Api.Auth;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;

namespace KanbanCustomer.Tests.Api;

/// <summary>The token verb, and the <c>Auth:*</c> settings without which the server refuses to start.</summary>
public sealed class AuthSetupTests(SqliteApp app) : AuthTestBase(app), IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_token_verb_prints_a_token_the_server_accepts()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = TokenIssuer.RunVerb(["token", "zoe", "--name", "Zoe Z"], Configuration(KanbanApp.SigningKey, KanbanApp.Issuer), output, error);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error.ToString());
        var token = output.ToString().Trim();
        var data = await new GraphQLClient(App.CreateClient(), token).DataAsync(ViewerQuery);
        Assert.Equal("zoe", data.Str("viewer.userId"));
        Assert.Equal("Zoe Z", data.Str("viewer.name"));
    }

    [Fact]
    public async Task The_token_verb_honours_hours()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = TokenIssuer.RunVerb(["token", "--hours", "2", "zoe"], Configuration(KanbanApp.SigningKey, KanbanApp.Issuer), output, error);

        Assert.Equal(0, exitCode);
        var token = new JsonWebToken(output.ToString().Trim());
        Assert.Equal("zoe", token.Subject);
        Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        var data = await new GraphQLClient(App.CreateClient(), token.EncodedToken).DataAsync(ViewerQuery);
        Assert.Equal("zoe", data.Str("viewer.userId"));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("token|--name|Zoe Z")]
    [InlineData("token|  ")]
    [InlineData("token|--hours|2")]
    public void The_token_verb_without_a_user_id_prints_its_usage_and_returns_2(string commandLine)
    {
        var args = commandLine.Split('|');
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = TokenIssuer.RunVerb(args, Configuration(KanbanApp.SigningKey, KanbanApp.Issuer), output, error);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.ToString());
        Assert.Contains("usage: token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_verb_without_a_signing_key_says_so_and_returns_1()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = TokenIssuer.RunVerb(["token", "zoe"], new ConfigurationBuilder().Build(), output, error);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output.ToString());
        Assert.Contains("Auth:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_to_start_without_any_Auth_configuration()
    {
        var message = await StartupFailureAsync(new Dictionary<string, string?> { ["Auth:SigningKey"] = "", ["Auth:Issuer"] = "" });

        Assert.Contains("Auth:", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_to_start_with_a_signing_key_under_32_bytes()
    {
        var message = await StartupFailureAsync(new Dictionary<string, string?> { ["Auth:SigningKey"] = "short-key" });

        Assert.Contains("Auth:SigningKey", message, StringComparison.Ordinal);
        Assert.Contains("32", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_to_start_with_a_signing_key_but_no_issuer()
    {
        var message = await StartupFailureAsync(new Dictionary<string, string?> { ["Auth:Issuer"] = "" });

        Assert.Contains("Auth:Issuer", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_refuses_to_start_with_an_authority_but_no_audience()
    {
        var message = await StartupFailureAsync(new Dictionary<string, string?> { ["Auth:Authority"] = "https://issuer.example", ["Auth:Audience"] = "" });

        Assert.Contains("Auth:Audience", message, StringComparison.Ordinal);
    }

    /// <summary>Starts the server with these Auth settings and returns the messages of what stopped it.</summary>
    private static async Task<string> StartupFailureAsync(IDictionary<string, string?> auth)
    {
        await using var app = new MisconfiguredAuthApp(auth);
        await app.InitializeAsync();

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var messages = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
            messages.Add(e.Message);
        return string.Join(" | ", messages);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

/// <summary>Who a request is: bearer tokens, refusals with 401, the identity in the API and the event log, the token verb.</summary>
public sealed class AuthTests(SqliteApp app) : ApiTestBase(app), IClassFixture<SqliteApp>
{
    private const string ViewerQuery = "{ viewer { userId name } }";
    private const string OtherKey = "ANOTHER-KEY-not-the-servers-0123456789abcdef";

    [Fact]
    public async Task A_request_without_a_token_is_401_UNAUTHENTICATED_with_a_Bearer_challenge()
    {
        var reply = await SendAsync(null, ViewerQuery);

        AssertRefused(reply);
    }

    [Fact]
    public async Task A_mutation_without_a_token_is_401_and_creates_nothing()
    {
        var name = "Board " + Guid.NewGuid().ToString("N");

        var reply = await SendAsync(null, $"mutation {{ createBoard(input: {{ name: \"{name}\" }}) {{ board {{ id }} }} }}");

        AssertRefused(reply);
        var boards = await Alice.AllBoardsAsync("name");
        Assert.DoesNotContain(name, boards.Select(b => b.Str("name")));
    }

    [Fact]
    public async Task A_refusal_answers_in_the_type_the_client_accepts()
    {
        var reply = await SendAsync(null, ViewerQuery, accept: "application/graphql-response+json");

        AssertRefused(reply);
        Assert.Equal("application/graphql-response+json", reply.Body.MediaType);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var token = TokenIssuer.Issue(App.Auth, "alice", "Alice", TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddHours(-2));

        AssertRefused(await SendAsync("Bearer " + token, ViewerQuery));
    }

    [Fact]
    public async Task A_token_that_is_not_valid_yet_is_401()
    {
        var token = TokenIssuer.Issue(App.Auth, "alice", "Alice", TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddHours(2));

        AssertRefused(await SendAsync("Bearer " + token, ViewerQuery));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var token = TokenIssuer.Issue(Settings(OtherKey, KanbanApp.Issuer), "alice", "Alice", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

        AssertRefused(await SendAsync("Bearer " + token, ViewerQuery));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        var token = TokenIssuer.Issue(Settings(KanbanApp.SigningKey, "someone-else"), "alice", "Alice", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

        AssertRefused(await SendAsync("Bearer " + token, ViewerQuery));
    }

    [Fact]
    public async Task An_unsigned_token_is_401()
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = KanbanApp.Issuer,
            Claims = new Dictionary<string, object> { ["sub"] = "alice", ["name"] = "Alice" },
            Expires = DateTime.UtcNow.AddHours(1),
        });

        AssertRefused(await SendAsync("Bearer " + token, ViewerQuery));
    }

    [Fact]
    public async Task A_valid_token_with_its_signature_altered_is_401()
    {
        var token = App.TokenFor("alice", "Alice");
        var signature = token[(token.LastIndexOf('.') + 1)..];
        var altered = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        AssertRefused(await SendAsync("Bearer " + altered, ViewerQuery));
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("Bearer ")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("abc")]
    public async Task A_garbage_authorization_header_is_401(string header)
    {
        AssertRefused(await SendAsync(header, ViewerQuery));
    }

    [Fact]
    public async Task The_token_subject_and_name_are_the_viewer()
    {
        var data = await App.ClientFor("carol-7", "Carol Seven").DataAsync(ViewerQuery);

        Assert.Equal("carol-7", data.Str("viewer.userId"));
        Assert.Equal("Carol Seven", data.Str("viewer.name"));
    }

    [Fact]
    public async Task A_token_without_a_name_shows_the_subject_as_the_name()
    {
        var token = TokenIssuer.Issue(App.Auth, "dave-8", null, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

        var data = await new GraphQLClient(App.CreateClient(), token).DataAsync(ViewerQuery);

        Assert.Equal("dave-8", data.Str("viewer.userId"));
        Assert.Equal("dave-8", data.Str("viewer.name"));
    }

    [Fact]
    public async Task The_token_subject_and_name_are_the_actor_of_every_board_event()
    {
        var erin = App.ClientFor("erin-9", "Erin Nine");
        var board = await erin.CreateBoardAsync();
        var card = await erin.CreateCardAsync(board.BoardId);
        Assert.Null((await erin.MoveCardAsync(card.Str("id"), board.ColumnIds[1])).Errors);

        var data = await erin.DataAsync("query($id: ID!) { card(id: $id) { reporterId events { nodes { type actor { userId name } } } } }", new { id = card.Str("id") });

        Assert.Equal("erin-9", data.Str("card.reporterId"));
        var events = data.Nodes("card.events");
        Assert.Equal(["CardCreated", "CardMoved"], events.Select(e => e.Str("type")));
        Assert.All(events, e => Assert.Equal("erin-9", e.Str("actor.userId")));
        Assert.All(events, e => Assert.Equal("Erin Nine", e.Str("actor.name")));
    }

    [Fact]
    public async Task A_signed_token_without_a_subject_cannot_change_anything()
    {
        var board = await Alice.CreateBoardAsync();
        var card = await Alice.CreateCardAsync(board.BoardId);
        var eventsBefore = await Alice.EventCountAsync(board.BoardId);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = KanbanApp.Issuer,
            Claims = new Dictionary<string, object> { ["name"] = "Nobody" },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(App.Auth.SigningKey, SecurityAlgorithms.HmacSha256),
        });
        var nobody = new GraphQLClient(App.CreateClient(), token);

        var response = await nobody.MoveCardAsync(card.Str("id"), board.ColumnIds[1]);

        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
        Assert.Equal(eventsBefore, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal([card.Str("id")], await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
    }

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

    private sealed record Reply(HttpStatusCode Status, GraphQLResponse Body, string WwwAuthenticate);

    private async Task<Reply> SendAsync(string? authorization, string query, string? accept = null)
    {
        using var http = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (accept is not null)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Reply(response.StatusCode, new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text),
            string.Join(", ", response.Headers.WwwAuthenticate));
    }

    private static void AssertRefused(Reply reply)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("UNAUTHENTICATED", reply.Body.ErrorCode);
        Assert.Equal("Bearer", reply.WwwAuthenticate);
        Assert.False(reply.Body.Root.TryGetProperty("data", out _), reply.Body.Text);
        Assert.DoesNotContain("Exception", reply.Body.Text, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string signingKey, string issuer) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = signingKey,
            ["Auth:Issuer"] = issuer,
        }).Build();

    private static AuthSettings Settings(string signingKey, string issuer) => AuthSettings.From(Configuration(signingKey, issuer));

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

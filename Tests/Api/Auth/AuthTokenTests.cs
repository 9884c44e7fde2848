using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KanbanCustomer.Tests.Api;

/// <summary>Who a request is: bearer tokens, refusals with 401, the identity in the API and the event log.</summary>
public sealed class AuthTokenTests(SqliteApp app) : AuthTestBase(app), IClassFixture<SqliteApp>
{
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

    private static AuthSettings Settings(string signingKey, string issuer) => AuthSettings.From(Configuration(signingKey, issuer));
}

using System.Net;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Claims the server stores, from tokens its key signed: a <c>sub</c> that cannot be a user id is refused at
/// authentication (401 over HTTP, 4403 on the WebSocket); a <c>name</c> too long to store is replaced by the user id,
/// so reads and writes both work.
/// </summary>
public abstract class TokenClaimTests(KanbanApp app) : ApiTestBase(app)
{
    public static TheoryData<string> UnusableSubjects => new()
    {
        new string('s', 129),
        new string('s', 5_000),
        " alice",
        "alice\u0000",
        "ali\nce",
    };

    private static readonly string[] TwoSubjects = ["alice", "bob"];

    [Theory]
    [MemberData(nameof(UnusableSubjects))]
    public async Task A_signed_token_whose_sub_cannot_be_a_user_id_is_401_UNAUTHENTICATED(string sub)
    {
        var client = new GraphQLClient(App.CreateClient(), Sign(new() { ["sub"] = sub, ["name"] = "Someone" }));

        var response = await client.SendAsync("{ viewer { userId } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
        Assert.Contains("'sub'", response.Errors!.Value[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(sub.Trim(), response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_token_with_two_subjects_is_401_UNAUTHENTICATED()
    {
        var client = new GraphQLClient(App.CreateClient(), Sign(new() { ["sub"] = TwoSubjects }));

        var response = await client.SendAsync("{ viewer { userId } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.ErrorCode);
    }

    [Fact]
    public async Task A_sub_of_exactly_128_characters_is_a_user()
    {
        var sub = new string('u', 127) + Guid.NewGuid().ToString("N")[..1];
        var client = new GraphQLClient(App.CreateClient(), Sign(new() { ["sub"] = sub }));

        var data = await client.DataAsync("mutation { createBoard(input: { name: \"Long ids\" }) { board { createdBy } } }");

        Assert.Equal(sub, data.Str("createBoard.board.createdBy"));
    }

    [Fact]
    public async Task A_sub_that_cannot_be_a_user_id_closes_the_WebSocket_with_4403()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(App);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + Sign(new() { ["sub"] = new string('s', 300) }) } });

        var (status, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(4403, status);
        Assert.Contains("'sub'", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(10_000)]
    public async Task A_name_too_long_to_store_is_replaced_by_the_user_id_and_writes_work(int length)
    {
        var sub = "long-name-" + Guid.NewGuid().ToString("N")[..8];
        var client = new GraphQLClient(App.CreateClient(), Sign(new() { ["sub"] = sub, ["name"] = new string('n', length) }));

        var viewer = await client.DataAsync("{ viewer { userId name } }");
        var created = await client.DataAsync("mutation { createBoard(input: { name: \"Named\" }) { board { id } } }");
        var events = await client.DataAsync(
            "query($id: ID!) { boardEvents(boardId: $id, first: 1) { nodes { actor { userId name } } } }",
            new { id = created.Str("createBoard.board.id") });

        Assert.Equal(sub, viewer.Str("viewer.name"));
        Assert.Equal(sub, events.Str("boardEvents.nodes.0.actor.name"));
    }

    [Fact]
    public async Task A_name_of_200_characters_is_kept()
    {
        var name = new string('n', 200);
        var client = new GraphQLClient(App.CreateClient(), Sign(new() { ["sub"] = "named-" + Guid.NewGuid().ToString("N")[..8], ["name"] = name }));

        var created = await client.DataAsync("mutation { createBoard(input: { name: \"Named\" }) { board { id } } }");
        var events = await client.DataAsync(
            "query($id: ID!) { boardEvents(boardId: $id, first: 1) { nodes { actor { name } } } }",
            new { id = created.Str("createBoard.board.id") });

        Assert.Equal(name, events.Str("boardEvents.nodes.0.actor.name"));
    }

    private string Sign(Dictionary<string, object> claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = KanbanApp.Issuer,
        Claims = claims,
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(App.Auth.SigningKey, SecurityAlgorithms.HmacSha256),
    });
}

public sealed class SqliteTokenClaimTests(SqliteApp app) : TokenClaimTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresTokenClaimTests(PostgresApp app) : TokenClaimTests(app), IClassFixture<PostgresApp>;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Limits on requests rather than documents: the rate limit per user or address, the execution timeout, the preflight
/// header.
/// </summary>
public sealed class RequestLimitTests(SqliteApp app, TinyRateLimitApp rateLimited, TinyTimeoutApp slow)
    : LimitTestBase(app), IClassFixture<SqliteApp>, IClassFixture<TinyRateLimitApp>, IClassFixture<TinyTimeoutApp>
{
    [Fact]
    public async Task Over_the_rate_limit_a_user_gets_429_with_Retry_After_and_the_request_does_not_run()
    {
        var user = rateLimited.ClientFor("user-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < TinyRateLimitApp.PermitLimit; i++)
            Assert.Equal(HttpStatusCode.OK, (await user.SendAsync("{ viewer { id } }")).Status);
        var name = UniqueName();

        using var request = JsonPost(CreateBoard(name));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var response = await user.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("RATE_LIMITED", body.ErrorCode);
        Assert.Equal("application/json", body.MediaType);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.DoesNotContain(name, await BoardNamesAsync(rateLimited.ClientFor("checker-" + Guid.NewGuid().ToString("N"))));
    }

    [Fact]
    public async Task One_user_over_the_rate_limit_does_not_limit_another()
    {
        var greedy = rateLimited.ClientFor("greedy-" + Guid.NewGuid().ToString("N"));
        var other = rateLimited.ClientFor("other-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < TinyRateLimitApp.PermitLimit + 2; i++)
            await greedy.SendAsync("{ viewer { id } }");

        var response = await other.SendAsync("{ viewer { userId } }");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await greedy.SendAsync("{ viewer { id } }")).Status);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("other-", response.Data.Str("viewer.userId"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_without_a_token_are_limited_by_client_address_not_as_any_user()
    {
        var anonymous = rateLimited.AnonymousClient();
        for (var i = 0; i < TinyRateLimitApp.PermitLimit; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync("{ viewer { id } }")).Status);

        var limited = await anonymous.SendAsync("{ viewer { id } }");
        var signedIn = await rateLimited.ClientFor("signed-in-" + Guid.NewGuid().ToString("N")).SendAsync("{ viewer { id } }");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("RATE_LIMITED", limited.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.Status);
    }

    [Fact]
    public async Task An_operation_that_runs_out_of_time_is_TIMEOUT()
    {
        var client = slow.ClientFor("alice");

        // A warm process can answer an empty board list within the millisecond; one of a few tries runs out of time.
        // Each try is a document of its own, so none is answered from the response cache.
        GraphQLResponse response;
        var tries = 0;
        do
        {
            response = await client.SendAsync(
                $"query Try{tries} {{ boards(first: 5) {{ nodes {{ id name columns {{ id cards(first: 5) {{ nodes {{ id title events(first: 5) {{ nodes {{ seq }} }} }} }} }} swimlanes {{ id }} }} }} }}");
        }
        while (response.ErrorCode is null && ++tries < 20);

        Assert.Equal("TIMEOUT", response.ErrorCode);
        Assert.DoesNotContain("Exception", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_POST_carrying_GraphQL_Require_Preflight_runs()
    {
        using var request = JsonPost("{ viewer { userId } }");
        request.Headers.Add("GraphQL-Require-Preflight", "1");

        var response = await Alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("alice", response.Data.Str("viewer.userId"));
    }

    [Fact]
    public async Task A_preflight_header_does_not_make_a_text_plain_POST_acceptable()
    {
        var name = UniqueName();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query = CreateBoard(name) }), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("GraphQL-Require-Preflight", "1");

        var response = await Alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.DoesNotContain(name, await BoardNamesAsync(Alice));
    }

    private static HttpRequestMessage JsonPost(string query) => new(HttpMethod.Post, "/graphql")
    {
        Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
    };
}

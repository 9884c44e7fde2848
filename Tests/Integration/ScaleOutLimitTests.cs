using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Integration;

/// <summary>The scale-out cluster with the rate limit on and tiny limits, so both are reached in a few requests.</summary>
public sealed class LimitedScaleOutCluster : ScaleOutCluster
{
    public const int PermitLimit = 6;
    public const int WindowSeconds = 60;
    public const int MaxConnections = 2;

    protected override void Configure(Dictionary<string, string> settings)
    {
        settings["GraphQL:RateLimit:Enabled"] = "true";
        settings["GraphQL:RateLimit:PermitLimit"] = PermitLimit.ToString(CultureInfo.InvariantCulture);
        settings["GraphQL:RateLimit:WindowSeconds"] = WindowSeconds.ToString(CultureInfo.InvariantCulture);
        settings["GraphQL:WebSocket:MaxConnectionsPerUser"] = MaxConnections.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>With Redis, a user's rate limit and live-connection limit hold across both instances, not once per instance.</summary>
public sealed class ScaleOutLimitTests(LimitedScaleOutCluster cluster) : IClassFixture<LimitedScaleOutCluster>
{
    private const string Viewer = "{ viewer { id } }";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_split_between_two_instances_are_refused_at_the_configured_total_with_Retry_After()
    {
        var user = NewUser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LimitedScaleOutCluster.PermitLimit; i++)
        {
            using var allowed = await PostAsync(i % 2 == 0 ? Require().A : cluster.B, user, Viewer);
            statuses.Add(allowed.StatusCode);
        }

        using var onA = await PostAsync(cluster.A, user, Viewer);
        using var onB = await PostAsync(cluster.B, user, Viewer);
        using var otherUser = await PostAsync(cluster.B, NewUser(), Viewer);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        foreach (var refused in new[] { onA, onB })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, LimitedScaleOutCluster.WindowSeconds);
            var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Token)).RootElement;
            Assert.Equal("RATE_LIMITED", body.Str("errors.0.extensions.code"));
        }

        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Fact]
    public async Task An_operation_over_a_socket_draws_on_the_window_the_other_instance_filled()
    {
        var user = NewUser();
        for (var i = 0; i < LimitedScaleOutCluster.PermitLimit; i++)
        {
            using var allowed = await PostAsync(Require().B, user, Viewer);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        await using var socket = await GraphQLWsClient.ConnectAsync(cluster.A.BaseAddress, cluster.TokenFor(user), Token);
        await socket.SubscribeAsync("q", Viewer);
        var refused = await socket.ReceiveForAsync("q");

        Assert.Equal("error", refused.Str("type"));
        Assert.Equal("RATE_LIMITED", refused.Str("payload.0.extensions.code"));
        Assert.InRange(refused.Number("payload.0.extensions.retryAfter"), 1, LimitedScaleOutCluster.WindowSeconds);
    }

    [Fact]
    public async Task Live_connections_opened_on_both_instances_are_refused_past_the_users_limit_and_a_closed_one_frees_its_slot()
    {
        var user = NewUser();
        var board = await Require().HttpClientFor(cluster.A, user).CreateBoardAsync($"Watched {Guid.NewGuid():N}");
        var onA = await GraphQLWsClient.ConnectAsync(cluster.A.BaseAddress, cluster.TokenFor(user), Token);
        await using var onB = await GraphQLWsClient.ConnectAsync(cluster.B.BaseAddress, cluster.TokenFor(user), Token);

        await using (var third = await GraphQLWsClient.OpenAsync(cluster.A.BaseAddress, Token))
        {
            await third.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + cluster.TokenFor(user) } });
            Assert.Equal(1008, (await third.ReceiveCloseAsync()).Status);
        }

        using (var http = new HttpClient { BaseAddress = cluster.B.BaseAddress, Timeout = TimeSpan.FromSeconds(30) })
        {
            await using var stream = await SseResponse.OpenAsync(http, cluster.TokenFor(user),
                "subscription($b: ID!) { boardEvents(boardId: $b) { seq } }", new { b = board.BoardId });
            Assert.Equal(HttpStatusCode.TooManyRequests, stream.Status);
            Assert.Equal("TOO_MANY_CONNECTIONS", (await stream.BodyAsync()).ErrorCode);
        }

        // The socket on A closes; its slot is free for a connection on B.
        await onA.DisposeAsync();
        await using var again = await ConnectWithinAsync(cluster.B, user);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, again.Socket.State);
    }

    /// <summary>Connects as soon as the user has a free slot (the close travels to Redis a moment after the socket's).</summary>
    private async Task<GraphQLWsClient> ConnectWithinAsync(ApiProcess instance, string user)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var client = await GraphQLWsClient.OpenAsync(instance.BaseAddress, Token);
            await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + cluster.TokenFor(user) } });
            if (await FirstTypeAsync(client) == "connection_ack")
                return client;
            await client.DisposeAsync();
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"No free slot for {user} on {instance.BaseAddress} within 20 s.");
            await Task.Delay(200, Token);
        }
    }

    /// <summary>The first message's type; null when the server closed the socket instead (1008: no free slot).</summary>
    private static async Task<string?> FirstTypeAsync(GraphQLWsClient client)
    {
        try
        {
            return (await client.ReceiveAsync()).Str("type");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<HttpResponseMessage> PostAsync(ApiProcess instance, string user, string query)
    {
        using var http = new HttpClient { BaseAddress = instance.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", cluster.TokenFor(user));
        var response = await http.SendAsync(request, Token);
        await response.Content.LoadIntoBufferAsync(Token);
        return response;
    }

    private static string NewUser() => "limited-" + Guid.NewGuid().ToString("N")[..12];

    private LimitedScaleOutCluster Require()
    {
        if (cluster.SkipReason is { } reason)
            Assert.Skip(reason);
        return cluster;
    }
}

using System.Text;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Malformed HTTP on real Kestrel is the client's fault: a 400 with a code, and nothing at error level in the log.</summary>
public sealed class MalformedHttpTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("zz")]
    [InlineData("-5")]
    [InlineData("FFFFFFFFFFFFFFFFFFFF")]
    public async Task A_chunked_body_with_an_invalid_chunk_size_is_400_BAD_REQUEST(string chunkSize)
    {
        var before = app.Log.Errors.Count;

        var response = (await SendAsync(Request("Transfer-Encoding: chunked", $"{chunkSize}\r\n{{\"query\":\"{{ __typename }}\"}}\r\n0\r\n\r\n"), Deadline)).Text;

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"BAD_REQUEST\"", response, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", response, StringComparison.Ordinal);
        Assert.Equal(before, app.Log.Errors.Count);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_body_leaves_no_error_in_the_log()
    {
        var before = app.Log.Errors.Count;

        for (var i = 0; i < 5; i++)
            await SendAsync(Request("Content-Length: 5000", "{\"query\":\"{ __typ", leave: true), Deadline);

        // The server notices each departure on its own time; a normal request after them shows it is still serving.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var data = await new GraphQLClient(new HttpClient { BaseAddress = app.Address }, app.TokenFor("after")).DataAsync("{ viewer { userId } }");
        Assert.Equal("after", data.Str("viewer.userId"));
        Assert.True(app.Log.Errors.Count == before, string.Join("\n", app.Log.Errors.Skip(before)));
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_on_a_half_closed_connection_is_answered_or_dropped_without_an_error_log()
    {
        var before = app.Log.Errors.Count;

        var response = (await SendAsync(Request("Content-Length: 100", "{\"query\":\"{ __typename }\"}"), TimeSpan.FromSeconds(2))).Text;

        Assert.DoesNotContain("HTTP/1.1 500", response, StringComparison.Ordinal);
        Assert.True(app.Log.Errors.Count == before, string.Join("\n", app.Log.Errors.Skip(before)));
    }

    // Connection: close, so an answer ends where the server closes; a client that leaves drops the connection mid-body.
    private HostileRequest Request(string framing, string body, bool leave = false) => new("malformed", Encoding.UTF8.GetBytes(
        $"POST /graphql HTTP/1.1\r\nHost: localhost\r\n{(leave ? "" : "Connection: close\r\n")}Content-Type: application/json\r\n" +
        $"Authorization: Bearer {app.TokenFor("raw")}\r\n{framing}\r\n\r\n{body}"), Leave: leave);

    private Task<HostileAnswer> SendAsync(HostileRequest request, TimeSpan deadline) =>
        HostileRequests.SendAsync(app.Address.Host, app.Address.Port, request, deadline);
}

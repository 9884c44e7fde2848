using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>GraphQL over HTTP: the limit on the size of a request body, with and without a Content-Length.</summary>
public sealed class HttpRequestSizeTests(SqliteApp app, SmallRequestLimitApp smallLimitApp)
    : HttpTransportTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallRequestLimitApp>
{
    [Fact]
    public async Task A_body_over_the_configured_limit_is_413_and_runs_nothing()
    {
        var name = UniqueName();
        var body = PaddedBody(CreateBoardMutation(name), SmallRequestLimitApp.MaxRequestBytes + 1);

        var reply = await SendAsync(Post(body), smallLimitApp);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("REQUEST_TOO_LARGE", reply.Body.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync(smallLimitApp));
    }

    [Fact]
    public async Task A_body_just_under_the_configured_limit_runs()
    {
        var name = UniqueName();
        var body = PaddedBody(CreateBoardMutation(name), SmallRequestLimitApp.MaxRequestBytes - 10);

        var reply = await SendAsync(Post(body), smallLimitApp);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Null(reply.Body.Errors);
        Assert.Contains(name, await BoardNamesAsync(smallLimitApp));
    }

    [Fact]
    public async Task A_streamed_body_over_the_limit_without_a_Content_Length_is_413_too()
    {
        var name = UniqueName();
        var body = PaddedBody(CreateBoardMutation(name), SmallRequestLimitApp.MaxRequestBytes * 3);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new UnknownLengthContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var reply = await SendAsync(request, smallLimitApp);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("REQUEST_TOO_LARGE", reply.Body.ErrorCode);
        Assert.DoesNotContain(name, await BoardNamesAsync(smallLimitApp));
    }

    [Fact]
    public async Task A_body_over_100_kB_is_413_with_the_default_limit()
    {
        var reply = await SendAsync(Post(PaddedBody(ViewerQuery, 100_001)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("REQUEST_TOO_LARGE", reply.Body.ErrorCode);
    }

    /// <summary>A body whose length is not known up front, so it goes chunked and the server must count.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

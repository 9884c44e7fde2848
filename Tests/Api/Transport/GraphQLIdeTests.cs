using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using KanbanCustomer.Api.Transport.Ide;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Production with the IDE switched on (<c>GraphQL:Ide:Enabled</c>): the page, but never a token on it.</summary>
public sealed class ProductionWithIdeApp() : KanbanApp(new SqliteTestDatabase())
{
    protected override string Environment => "Production";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:Ide:Enabled"] = "true" };
}

/// <summary>
/// The GraphQL IDE as HTTP sees it: who gets the page and what it holds (its CSP, its token), the built files and their
/// caching, and that nothing in them loads from another site. The browser itself runs it in <see cref="GraphQLIdeBrowserTests"/>.
/// </summary>
public sealed partial class GraphQLIdeTests(DevelopmentApp development, ProductionApp production, ProductionWithIdeApp productionWithIde)
    : IClassFixture<DevelopmentApp>, IClassFixture<ProductionApp>, IClassFixture<ProductionWithIdeApp>
{
    /// <summary>What Chromium sends when a person opens a URL.</summary>
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Production_serves_no_IDE_by_default_and_a_browser_gets_what_it_got_before()
    {
        using var http = production.CreateClient();

        using var bare = await http.SendAsync(Get("/graphql", BrowserAccept), Cancel);
        using var query = await http.SendAsync(Get("/graphql?query=" + Uri.EscapeDataString("{ viewer { userId } }"), BrowserAccept, production.TokenFor("alice")), Cancel);
        using var asset = await http.SendAsync(Get("/graphql/ide/0123456789abcdef/graphiql.js", "*/*"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal("application/json", bare.Content.Headers.ContentType?.MediaType);
        Assert.Equal("BAD_REQUEST", new GraphQLResponse(bare.StatusCode, "application/json", await bare.Content.ReadAsStringAsync(Cancel)).ErrorCode);
        Assert.False(bare.Headers.Contains("Content-Security-Policy"));
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal("alice", new GraphQLResponse(query.StatusCode, "application/json", await query.Content.ReadAsStringAsync(Cancel)).Data.Str("viewer.userId"));
        Assert.Equal(HttpStatusCode.NotFound, asset.StatusCode);
    }

    [Fact]
    public async Task Development_serves_the_page_to_a_browser_with_a_strict_CSP_and_a_working_token()
    {
        using var http = development.CreateClient();

        var page = await PageAsync(development);

        Assert.Equal("text/html", page.Response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", page.Response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.Matches(@"connect-src 'self' ws://localhost wss://localhost;", csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Response.Headers.CacheControl?.ToString());
        Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)", page.Html); // no inline script
        Assert.DoesNotContain(" style=", page.Html, StringComparison.Ordinal);

        var token = Assert.IsType<string>(page.Attribute("data-token"));
        var viewer = await new GraphQLClient(http, token).DataAsync("{ viewer { userId } }");
        Assert.Equal(KanbanCustomer.Api.Hosting.DemoData.DemoUser, viewer.Str("viewer.userId"));
        Assert.Equal(KanbanCustomer.Api.Hosting.DemoData.TryQuery, page.Attribute("data-query"));
        Assert.Equal("/graphql", page.Attribute("data-endpoint"));
    }

    [Fact]
    public async Task Production_with_the_IDE_switched_on_serves_the_page_without_a_token()
    {
        var page = await PageAsync(productionWithIde);

        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.Null(page.Attribute("data-token"));
        Assert.Null(page.Attribute("data-query"));
        Assert.DoesNotContain("eyJ", page.Html, StringComparison.Ordinal); // no JWT anywhere on the page
        Assert.NotNull(page.Attribute("data-endpoint"));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/graphql-response+json")]
    [InlineData("*/*")]
    [InlineData("text/html;q=0.5, application/json")]
    [InlineData("text/html, application/graphql-response+json")]
    [InlineData("text/event-stream")]
    public async Task A_GraphQL_client_on_GET_gets_GraphQL_even_where_the_IDE_is_on(string accept)
    {
        using var http = development.CreateClient();
        var request = Get("/graphql?query=" + Uri.EscapeDataString("{ viewer { userId } }"), accept, development.TokenFor("alice"));

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task A_POST_that_accepts_only_HTML_is_still_refused_with_406_where_the_IDE_is_on()
    {
        using var http = development.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ viewer { userId } }\"}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "text/html");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", development.TokenFor("alice"));

        using var response = await http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task The_built_files_are_served_under_their_hash_for_a_year_with_an_ETag_and_gzip()
    {
        var page = await PageAsync(development);
        var script = Assert.Single(Regex.Matches(page.Html, "<script defer src=\"([^\"]+)\"")).Groups[1].Value;
        var styles = Assert.Single(Regex.Matches(page.Html, "<link rel=\"stylesheet\" href=\"([^\"]+)\"")).Groups[1].Value;
        using var http = development.CreateClient();

        using var js = await http.SendAsync(Get(script, "*/*"), Cancel);
        var body = await js.Content.ReadAsByteArrayAsync(Cancel);
        using var css = await http.SendAsync(Get(styles, "text/css,*/*;q=0.1"), Cancel);
        var again = Get(script, "*/*");
        again.Headers.IfNoneMatch.Add(js.Headers.ETag!);
        using var notModified = await http.SendAsync(again, Cancel);
        var zipped = Get(script, "*/*");
        zipped.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var gzip = await http.SendAsync(zipped, Cancel);
        using var stale = await http.SendAsync(Get(Regex.Replace(script, "/ide/[0-9a-f]+/", "/ide/0000000000000000/"), "*/*"), Cancel);

        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", js.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Length > 100_000, $"The script is {body.Length} bytes.");
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
        await using (var unzipped = new GZipStream(await gzip.Content.ReadAsStreamAsync(Cancel), CompressionMode.Decompress))
        {
            using var copy = new MemoryStream();
            await unzipped.CopyToAsync(copy, Cancel);
            Assert.Equal(body, copy.ToArray());
        }

        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
    }

    [Fact]
    public async Task The_third_party_licences_are_served_beside_the_bundle_and_name_what_it_holds()
    {
        var page = await PageAsync(development);
        var script = Regex.Match(page.Html, "<script defer src=\"([^\"]+)\"").Groups[1].Value;
        using var http = development.CreateClient();
        var assets = development.Services.GetService(typeof(IdeAssets)) as IdeAssets;
        Assert.NotNull(assets);
        var path = script[..script.IndexOf("/ide/", StringComparison.Ordinal)] + "/ide/" + assets.PathOf(IdeAssets.Licences);

        using var response = await http.SendAsync(Get(path, "text/plain"), Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var package in new[] { "graphiql@", "react@", "react-dom@", "graphql@", "graphql-ws@" })
            Assert.Contains("\n" + package, text, StringComparison.Ordinal);
        Assert.Contains("MIT", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_file_of_the_IDE_loads_anything_from_another_site()
    {
        var page = await PageAsync(development);
        using var http = development.CreateClient();
        var script = await http.GetStringAsync(new Uri(Regex.Match(page.Html, "<script defer src=\"([^\"]+)\"").Groups[1].Value, UriKind.Relative), Cancel);
        var styles = await http.GetStringAsync(new Uri(Regex.Match(page.Html, "<link rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value, UriKind.Relative), Cancel);

        // The page: every src and href is a path on this server (or the empty icon).
        var references = Regex.Matches(page.Html, "(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Where(r => r != "data:,").ToList();
        Assert.Equal(2, references.Count);
        Assert.All(references, r => Assert.StartsWith("/graphql/ide/", r, StringComparison.Ordinal));
        // The stylesheet: no @import, and url() only of data: or of this server.
        Assert.DoesNotContain("@import", styles, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Regex.Matches(styles, @"url\(\s*['""]?\s*(?:[a-z][a-z0-9+.-]*:)?//", RegexOptions.IgnoreCase).Select(m => m.Value));
        // The script: no import, worker, fetch or src from an absolute URL, and none of the usual CDNs. (Links a person may
        // click, such as GraphiQL's logo, are no loads; the browser test sees every request the page really makes.)
        Assert.Empty(ExternalLoads().Matches(script).Select(m => m.Value));
        foreach (var cdn in new[] { "unpkg.com", "jsdelivr", "cdnjs", "googleapis", "gstatic", "esm.sh", "skypack" })
            Assert.DoesNotContain(cdn, script + styles, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Development", null, true, true)]
    [InlineData("Development", "false", false, true)]
    [InlineData("Production", null, false, false)]
    [InlineData("Production", "true", true, false)]
    [InlineData("Staging", "true", true, false)]
    [InlineData("Testing", null, false, false)]
    public void The_IDE_is_on_in_Development_and_off_elsewhere_unless_set_and_a_token_only_ever_comes_in_Development(
        string environment, string? setting, bool enabled, bool token)
    {
        var configuration = setting is null ? TestConfiguration.From() : TestConfiguration.From(("GraphQL:Ide:Enabled", setting));

        var settings = GraphQLIdeSettings.From(configuration, new TestEnvironment(environment));

        Assert.Equal(enabled, settings.Enabled);
        Assert.Equal(token, settings.PrefillDevelopmentToken);
    }

    [Theory]
    [InlineData("localhost:5000", true)]
    [InlineData("127.0.0.1:8080", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("api.example.com", true)]
    [InlineData("evil.com; script-src *", false)]
    [InlineData("a b", false)]
    public void The_CSP_names_this_hosts_WebSocket_only_for_a_plain_host(string host, bool named)
    {
        var csp = GraphQLIde.ContentSecurityPolicy(new Microsoft.AspNetCore.Http.HostString(host));

        Assert.Equal(named, csp.Contains($"ws://{host} wss://{host};", StringComparison.Ordinal));
        Assert.Single(Regex.Matches(csp, "script-src"));
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
    }

    private sealed record Page(HttpResponseMessage Response, string Html)
    {
        public string? Attribute(string name)
        {
            var match = Regex.Match(Html, $"<div id=\"graphiql\"[^>]*\\s{name}=\"([^\"]*)\"");
            return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
        }
    }

    private static async Task<Page> PageAsync(KanbanApp app)
    {
        var http = app.CreateClient();
        var response = await http.SendAsync(Get("/graphql", BrowserAccept), Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        return new Page(response, html);
    }

    private static HttpRequestMessage Get(string url, string accept, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>A load from an absolute URL in script: import(), importScripts, new Worker, fetch, or a src set to one.</summary>
    [GeneratedRegex(@"(?:import\s*\(|importScripts\s*\(|new\s+(?:Shared)?Worker\s*\(|fetch\s*\(|\bsrc\s*[=:]\s*)\s*[""'`](?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalLoads();
}

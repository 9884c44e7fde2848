using System.Net;
using System.Net.Http.Headers;
using KanbanCustomer.Api.Hosting;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Jobs;

/// <summary>The dashboard as a browser uses it: a sign-in form, a cookie scoped to /hangfire, and nothing more.</summary>
public sealed class DashboardSignInTests(DashboardApp app) : IClassFixture<DashboardApp>
{
    private static readonly Uri Base = new("http://localhost");

    [Fact]
    public async Task A_browser_without_credentials_gets_401_with_the_sign_in_form_and_no_dashboard()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire/jobs/enqueued");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("action=\"/hangfire/sign-in\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Enqueued", html, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task A_listed_user_signs_in_with_a_token_and_the_cookie_opens_the_dashboard_and_nothing_else()
    {
        using var client = Client();

        using var signIn = await PostFormAsync(client, DashboardSignIn.SignInPath, app.TokenFor(DashboardApp.Operator));
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        var pair = cookie.Split(';')[0];

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/hangfire", signIn.Headers.Location?.OriginalString);
        Assert.StartsWith(DashboardSignIn.CookieName + "=", pair, StringComparison.Ordinal);
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase); // Production
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(client, "/hangfire", pair));
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(client, "/hangfire/recurring", pair));
        // The cookie is no GraphQL credential: a cross-site page could make a browser send it.
        using var graphql = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ viewer { userId } }\"}", System.Text.Encoding.UTF8, "application/json") };
        graphql.Headers.Add("Cookie", pair);
        using var refused = await client.SendAsync(graphql, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_cookie()
    {
        using var client = Client();
        using var signIn = await PostFormAsync(client, DashboardSignIn.SignInPath, app.TokenFor(DashboardApp.Operator));
        var pair = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var signOut = new HttpRequestMessage(HttpMethod.Post, DashboardSignIn.SignOutPath) { Content = new FormUrlEncodedContent([]) };
        signOut.Headers.Add("Cookie", pair);
        using var signedOut = await client.SendAsync(signOut, TestContext.Current.CancellationToken);
        var cleared = signedOut.Headers.GetValues("Set-Cookie").Single();

        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        Assert.StartsWith(DashboardSignIn.CookieName + "=;", cleared, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_user_who_is_not_listed_a_bad_token_and_a_sign_in_from_another_site_get_no_cookie()
    {
        using var client = Client();

        using var unlisted = await PostFormAsync(client, DashboardSignIn.SignInPath, app.TokenFor("alice"));
        using var forged = await PostFormAsync(client, DashboardSignIn.SignInPath, app.TokenFor(DashboardApp.Operator) + "x");
        using var expired = await PostFormAsync(client, DashboardSignIn.SignInPath, app.TokenFor(DashboardApp.Operator, lifetime: TimeSpan.FromMinutes(-5)));
        using var crossSite = await PostFormAsync(client, DashboardSignIn.SignInPath, app.TokenFor(DashboardApp.Operator), origin: "https://evil.example");

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden],
            new[] { unlisted, forged, expired, crossSite }.Select(r => r.StatusCode));
        Assert.All(new[] { unlisted, forged, expired, crossSite }, r => Assert.False(r.Headers.Contains("Set-Cookie")));
    }

    [Fact]
    public async Task A_sign_in_that_is_not_a_form_post_is_refused_without_a_cookie()
    {
        using var client = Client();
        using var json = new HttpRequestMessage(HttpMethod.Post, DashboardSignIn.SignInPath)
        {
            Content = new StringContent($"{{\"token\":\"{app.TokenFor(DashboardApp.Operator)}\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        using var put = new HttpRequestMessage(HttpMethod.Put, DashboardSignIn.SignInPath) { Content = new FormUrlEncodedContent([new("token", app.TokenFor(DashboardApp.Operator))]) };

        using var jsonResponse = await client.SendAsync(json, TestContext.Current.CancellationToken);
        using var putResponse = await client.SendAsync(put, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, HttpStatusCode.MethodNotAllowed), (jsonResponse.StatusCode, putResponse.StatusCode));
        Assert.False(jsonResponse.Headers.Contains("Set-Cookie") || putResponse.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_key_that_protects_the_cookie_is_kept_in_the_embedded_database()
    {
        using var client = Client();
        using var signIn = await PostFormAsync(client, DashboardSignIn.SignInPath, app.TokenFor(DashboardApp.Operator));
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<KanbanDbContext>().DataProtectionKeys
            .Select(k => k.Xml).ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.Contains("<key id=", xml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_forged_cookie_is_anonymous()
    {
        using var client = Client();

        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithCookieAsync(client, "/hangfire", DashboardSignIn.CookieName + "=CfDJ8forged"));
    }

    private HttpClient Client() => app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
        BaseAddress = Base,
    });

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string token, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("token", token)]) };
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpStatusCode> GetWithCookieAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}

using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace KanbanCustomer.Api.Hosting;

/// <summary>
/// Browser sign-in for the Hangfire dashboard. A browser cannot attach a bearer token to a page request, so a listed
/// user pastes one into a form once (<c>/hangfire/sign-in</c>) and gets a cookie that admits them to <c>/hangfire</c>
/// only: path <c>/hangfire</c>, HttpOnly, SameSite=Strict, Secure outside Development, at most 8 hours and never past the token's own expiry. The
/// cookie is not a credential anywhere else (GraphQL reads bearer tokens only), and a sign-in or sign-out posted from
/// another origin is refused.
/// </summary>
public static class DashboardSignIn
{
    public const string Scheme = "HangfireDashboard";
    public const string CookieName = "KanbanDashboard";
    public const string SignInPath = HangfireSettings.DashboardPath + "/sign-in";
    public const string SignOutPath = HangfireSettings.DashboardPath + "/sign-out";
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(8);

    public static void AddDashboardSignIn(this IServiceCollection services, IHostEnvironment environment) =>
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.Path = HangfireSettings.DashboardPath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure everywhere but on a developer's http://localhost (behind a TLS proxy the request itself looks like http).
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = MaxLifetime;
            o.SlidingExpiration = false;
            // Never redirect: the dashboard's own filter answers 401 / 403.
            o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
        });

    /// <summary>The sign-in and sign-out endpoints, and the sign-in form for a browser that asks for a dashboard page without credentials.</summary>
    public static void UseDashboardSignIn(this WebApplication app, IReadOnlySet<string> users) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
                await SignInAsync(context, users);
            else if (path.Equals(SignOutPath, StringComparison.OrdinalIgnoreCase))
                await SignOutAsync(context);
            else if (WantsPageWithoutToken(context) && !(await context.AuthenticateAsync(Scheme)).Succeeded)
                await FormAsync(context, StatusCodes.Status401Unauthorized, null);
            else
                await next(context);
        });

    private static bool WantsPageWithoutToken(HttpContext context) =>
        context.Request.Path.StartsWithSegments(HangfireSettings.DashboardPath)
        && HttpMethods.IsGet(context.Request.Method)
        && !context.Request.Headers.ContainsKey("Authorization")
        && context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task SignInAsync(HttpContext context, IReadOnlySet<string> users)
    {
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await FormAsync(context, StatusCodes.Status200OK, null);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            var status = HttpMethods.IsPost(context.Request.Method) ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status405MethodNotAllowed;
            await FormAsync(context, status, "Sign in with the form.");
            return;
        }

        if (!SameOrigin(context))
        {
            await FormAsync(context, StatusCodes.Status403Forbidden, "A sign-in from another site is refused.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString().Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = token["Bearer ".Length..].Trim();
        var principal = token.Length == 0 ? null : await VerifyAsync(context, token);
        if (principal?.FindFirstValue("sub") is not { } sub)
        {
            await FormAsync(context, StatusCodes.Status401Unauthorized, "That token does not verify (expired, or not one of this server's).");
            return;
        }

        if (!users.Contains(sub))
        {
            await FormAsync(context, StatusCodes.Status403Forbidden, $"{sub} is not listed in Hangfire:DashboardUsers.");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var expires = now + MaxLifetime;
        if (long.TryParse(principal.FindFirstValue("exp"), out var exp) && DateTimeOffset.FromUnixTimeSeconds(exp) < expires)
            expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        var identity = new ClaimsIdentity([new Claim("sub", sub), new Claim("name", principal.FindFirstValue("name") ?? sub)], Scheme, "name", null);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = expires, IsPersistent = false });
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = context.Request.PathBase + HangfireSettings.DashboardPath;
    }

    private static async Task SignOutAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !SameOrigin(context))
        {
            context.Response.StatusCode = HttpMethods.IsPost(context.Request.Method) ? StatusCodes.Status403Forbidden : StatusCodes.Status405MethodNotAllowed;
            return;
        }

        await context.SignOutAsync(Scheme);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = context.Request.PathBase + SignInPath;
    }

    /// <summary>
    /// Checks the token with the API's own bearer handler (signing key or OpenID Connect metadata, issuer, audience,
    /// lifetime), run for a request of its own: this request's handler has already looked for a header and found none.
    /// </summary>
    private static async Task<ClaimsPrincipal?> VerifyAsync(HttpContext context, string token)
    {
        await using var scope = context.RequestServices.CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Headers.Authorization = "Bearer " + token;
        var result = await probe.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        return result.Succeeded ? result.Principal : null;
    }

    /// <summary>A browser sends Origin with every POST; one naming another site is refused (a form post from elsewhere).</summary>
    private static bool SameOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, context.Request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task FormAsync(HttpContext context, int status, string? message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        if (status == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = JwtBearerDefaults.AuthenticationScheme;
        var action = WebUtility.HtmlEncode(context.Request.PathBase + SignInPath);
        var note = message is null ? "" : $"<p role=\"alert\">{WebUtility.HtmlEncode(message)}</p>";
        await context.Response.WriteAsync($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>KanbanCustomer jobs: sign in</title>
            <style>body{"{"}font-family:sans-serif;max-width:40rem;margin:3rem auto{"}"}textarea{"{"}width:100%{"}"}</style></head>
            <body><h1>KanbanCustomer jobs</h1>{note}
            <p>The job dashboard admits the users listed in <code>Hangfire:DashboardUsers</code>. Paste a bearer token of
            yours (the same tokens as the GraphQL API; in development: <code>dotnet run --project Api -- token &lt;user&gt;</code>).</p>
            <form method="post" action="{action}"><textarea name="token" rows="6" autocomplete="off" spellcheck="false" required></textarea>
            <p><button type="submit">Sign in</button></p></form></body></html>
            """, context.RequestAborted);
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}

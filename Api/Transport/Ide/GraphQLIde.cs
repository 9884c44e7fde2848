using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Api.Hosting;
using Microsoft.Net.Http.Headers;

namespace KanbanCustomer.Api.Transport.Ide;

/// <summary>
/// GraphiQL on GET /graphql for a browser (a request that prefers text/html) where <see cref="GraphQLIdeSettings"/>
/// enables it; every other request on the path is GraphQL as before. Its script and styles come from this server
/// (<see cref="IdeAssets"/>), never from elsewhere, and a strict Content-Security-Policy keeps it so: no inline script,
/// no other origin. The page passes its settings to the script in data- attributes.
/// </summary>
public static partial class GraphQLIde
{
    private const string AssetsSegment = "/ide/";

    public static IServiceCollection AddGraphQLIde(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = GraphQLIdeSettings.From(configuration, environment);
        services.AddSingleton(settings);
        if (settings.Enabled)
            services.AddSingleton<IdeAssets>();
        return services;
    }

    /// <summary>The built files under <c>{path}/ide/{hash}/{name}</c>, where the IDE is enabled.</summary>
    public static IEndpointRouteBuilder MapGraphQLIde(this IEndpointRouteBuilder endpoints, string path)
    {
        if (endpoints.ServiceProvider.GetService<GraphQLIdeSettings>() is { Enabled: true })
            endpoints.MapGet(path + AssetsSegment + "{hash}/{name}", WriteAssetAsync);
        return endpoints;
    }

    /// <summary>Whether this request gets the IDE's page: a GET that prefers HTML to every GraphQL response type, with the IDE on.</summary>
    public static bool ServesPage(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) &&
        http.RequestServices.GetService<GraphQLIdeSettings>() is { Enabled: true } &&
        PrefersHtml(http.Request.Headers.Accept);

    public static bool PrefersHtml(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept, out var types))
            return false;
        double html = 0, graphql = 0;
        foreach (var type in types)
        {
            var quality = type.Quality ?? 1;
            var name = type.MediaType.Value ?? "";
            if (name.Equals("text/html", StringComparison.OrdinalIgnoreCase) || name.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
            else if (name.Equals(GraphQLHttpEndpoint.GraphQLResponseJson, StringComparison.OrdinalIgnoreCase) ||
                     name.Equals(GraphQLHttpEndpoint.Json, StringComparison.OrdinalIgnoreCase) ||
                     name.Equals(GraphQLHttpEndpoint.EventStream, StringComparison.OrdinalIgnoreCase))
            {
                graphql = Math.Max(graphql, quality);
            }
        }

        return html > 0 && html > graphql;
    }

    public static async Task WritePageAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var settings = services.GetRequiredService<GraphQLIdeSettings>();
        var assets = services.GetRequiredService<IdeAssets>();
        var endpoint = http.Request.PathBase + http.Request.Path;
        var assetBase = endpoint + AssetsSegment;

        string? token = null, query = null;
        var auth = services.GetRequiredService<AuthSettings>();
        if (settings.PrefillDevelopmentToken && auth.SigningKey is not null)
        {
            token = TokenIssuer.Issue(auth, DemoData.DemoUser, "Dev User", TimeSpan.FromHours(12), services.GetRequiredService<TimeProvider>().GetUtcNow());
            query = DemoData.TryQuery;
        }

        var html = HtmlEncoder.Default;
        var page = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>KanbanCustomer GraphQL IDE</title>\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n") // no icon, and no request for /favicon.ico
            .Append("<link rel=\"stylesheet\" href=\"").Append(html.Encode(assetBase + assets.PathOf(IdeAssets.Styles))).Append("\">\n")
            .Append("<script defer src=\"").Append(html.Encode(assetBase + assets.PathOf(IdeAssets.Script))).Append("\"></script>\n")
            .Append("</head>\n<body>\n<div id=\"graphiql\" data-endpoint=\"").Append(html.Encode(endpoint)).Append('"');
        if (token is not null)
            page.Append(" data-token=\"").Append(html.Encode(token)).Append('"');
        if (query is not null)
            page.Append(" data-query=\"").Append(html.Encode(query)).Append('"');
        page.Append(">Loading the GraphQL IDE&hellip;</div>\n")
            .Append("<noscript>The GraphQL IDE needs JavaScript. Without it, POST GraphQL to this URL.</noscript>\n")
            .Append("</body>\n</html>\n");

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(http.Request.Host);
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store"; // the page may carry a token
        headers["Referrer-Policy"] = "no-referrer";
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(page.ToString(), http.RequestAborted);
    }

    /// <summary>Scripts, styles, fonts and images from this server only (data: for the fonts and icons inside the stylesheet); requests to it and its WebSocket.</summary>
    public static string ContentSecurityPolicy(HostString host)
    {
        // 'self' covers ws: and wss: to this host in CSP 3; the explicit sources are for browsers that predate it.
        var sockets = host.HasValue && PlainHost().IsMatch(host.Value) ? $" ws://{host.Value} wss://{host.Value}" : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
               $"connect-src 'self'{sockets}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static async Task WriteAssetAsync(HttpContext http, string hash, string name)
    {
        if (http.RequestServices.GetRequiredService<IdeAssets>().Find(hash, name) is not { } asset)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = http.Response.Headers;
        var etag = $"\"{asset.Hash}\"";
        headers.ETag = etag;
        // The hash is in the URL: a changed file gets a new URL, so this one never changes.
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        headers.Vary = "Accept-Encoding";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(etag, StringComparison.Ordinal) || v.Trim() == "*")))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var body = asset.Bytes;
        if (AcceptsGzip(http.Request.Headers.AcceptEncoding))
        {
            body = asset.Gzip;
            headers.ContentEncoding = "gzip";
        }

        http.Response.ContentType = asset.ContentType;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static bool AcceptsGzip(Microsoft.Extensions.Primitives.StringValues acceptEncoding) =>
        StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var codings) &&
        codings.Any(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && (c.Quality ?? 1) > 0);

    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")]
    private static partial Regex PlainHost();
}

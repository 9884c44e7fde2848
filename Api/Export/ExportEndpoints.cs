using System.Security.Claims;
using System.Text.Json;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Api.Transport;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Export;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Api.Export;

/// <summary>
/// A board as a file, over plain HTTP beside /graphql (a streamed body is not a GraphQL result):
/// <c>GET /boards/{id}/export</c> (JSON, everything), <c>GET /boards/{id}/export.csv</c> (the cards) and
/// <c>POST /boards/import</c>. Bearer tokens as on /graphql; refusals are JSON with <c>errors[0].extensions.code</c>.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapBoardExport(this IEndpointRouteBuilder endpoints)
    {
        var settings = ExportSettings.From(endpoints.ServiceProvider.GetRequiredService<IConfiguration>());
        var rateLimited = endpoints.ServiceProvider.GetRequiredService<IOptions<GraphQLLimits>>().Value.RateLimit.Enabled;
        IEndpointConventionBuilder[] routes =
        [
            endpoints.MapGet("/boards/{id}/export", (HttpContext http, string id) => ExportAsync(http, id, csv: false)),
            endpoints.MapGet("/boards/{id}/export.csv", (HttpContext http, string id) => ExportAsync(http, id, csv: true)),
            endpoints.MapPost("/boards/import", (HttpContext http) => ImportAsync(http, settings)),
        ];
        if (rateLimited)
        {
            foreach (var route in routes)
                route.RequireRateLimiting(HttpRateLimiting.PolicyName);
        }

        return endpoints;
    }

    /// <summary>For members of the board, viewers included (they read all of it anyway); anyone else gets the NOT_FOUND of a board that does not exist.</summary>
    private static async Task ExportAsync(HttpContext http, string id, bool csv)
    {
        if (await SignedInAsync(http) is not { } userId)
            return;
        var db = http.RequestServices.GetRequiredService<KanbanDbContext>();
        if (!Ids.TryParse(id, "Board", out var boardId) || await BoardAccess.RoleAsync(db, boardId, userId, http.RequestAborted) is null)
        {
            await ErrorAsync(http, StatusCodes.Status404NotFound, ErrorCodes.NotFound, Ids.NotFound("Board", id).Message);
            return;
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = csv ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"board-{boardId:N}.{(csv ? "csv" : "json")}\"";
        try
        {
            if (csv)
                await BoardCsv.WriteAsync(db, boardId, http.Response.Body, card => Ids.Global("Card", card), now, http.RequestAborted);
            else
                await BoardExport.WriteJsonAsync(db, boardId, http.Response.Body, now, http.RequestAborted);
        }
#pragma warning disable CA1031 // As /graphql's last line of defence: a code, never a stack trace.
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested && !ClientFaults.IsClientFault(http, ex))
#pragma warning restore CA1031
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExportEndpoints)).LogError(ex, "Export of board {BoardId} failed.", boardId);
            if (http.Response.HasStarted)
            {
                // Bytes are gone: cutting the connection is the only way to tell the client the file is incomplete.
                http.Abort();
                return;
            }

            http.Response.Headers.ContentDisposition = default;
            await ErrorAsync(http, StatusCodes.Status500InternalServerError, KanbanErrorInfoProvider.Internal, "Something went wrong on our side; the export stopped.");
        }
    }

    /// <summary>Recreates a board from a board file under new ids, the caller its admin; 201 with the new board's id.</summary>
    private static async Task ImportAsync(HttpContext http, ExportSettings settings)
    {
        if (await SignedInAsync(http) is not { } userId)
            return;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = settings.MaxImportBytes;
        try
        {
            if (http.Request.ContentLength > settings.MaxImportBytes)
                throw new ImportException(ImportException.TooLarge, $"The file is larger than the limit of {settings.MaxImportBytes} bytes (Export:MaxImportBytes).");
            byte[] body;
            try
            {
                body = await BoardFileReader.ReadBodyAsync(http.Request.Body, settings.MaxImportBytes, http.RequestAborted);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw new ImportException(ImportException.TooLarge, $"The file is larger than the limit of {settings.MaxImportBytes} bytes (Export:MaxImportBytes).");
            }

            var file = BoardFileReader.Parse(body);
            body = [];
            var db = http.RequestServices.GetRequiredService<KanbanDbContext>();
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var boardId = await BoardImport.ImportAsync(db, file, userId, now, http.RequestAborted);
            http.Response.StatusCode = StatusCodes.Status201Created;
            await using var writer = StartJson(http);
            writer.WriteStartObject();
            writer.WriteString("boardId", Ids.Global("Board", boardId));
            writer.WriteString("name", file.Board.Name);
            writer.WriteNumber("cards", file.Cards.Count);
            writer.WriteNumber("events", file.Events.Count);
            writer.WriteEndObject();
        }
        catch (ImportException ex)
        {
            var status = ex.Code == ImportException.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            await ErrorAsync(http, status, ex.Code, ex.Message, ex.Path);
        }
#pragma warning disable CA1031 // Like /graphql's last line of defence: a code, never a stack trace; the transaction rolled back.
        catch (Exception ex) when (!http.Response.HasStarted && !ClientFaults.IsClientFault(http, ex))
#pragma warning restore CA1031
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExportEndpoints)).LogError(ex, "An import failed while writing.");
            await ErrorAsync(http, StatusCodes.Status500InternalServerError, KanbanErrorInfoProvider.Internal, "Something went wrong on our side; nothing was imported.");
        }
    }

    /// <summary>The caller's user id (provisioned as /graphql would), or null after a 401 like /graphql's.</summary>
    private static async Task<string?> SignedInAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true || http.User.FindFirstValue("sub") is not { Length: > 0 } userId)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ErrorAsync(http, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "Sign in: send a valid bearer token in the Authorization header.");
            return null;
        }

        await RequestRunner.ProvisionAsync(http.User, http.RequestServices, http.RequestAborted);
        return userId;
    }

    private static async Task ErrorAsync(HttpContext http, int status, string code, string message, string? path = null)
    {
        http.Response.StatusCode = status;
        await using var writer = StartJson(http);
        writer.WriteStartObject();
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteStartObject("extensions");
        writer.WriteString("code", code);
        if (path is not null)
            writer.WriteString("path", path);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static Utf8JsonWriter StartJson(HttpContext http)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Encoder = BoardFile.Json.Encoder });
    }
}

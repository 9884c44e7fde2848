using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KanbanCustomer.Api.Hosting.Health;

/// <summary>
/// A health report as JSON in the shape health dashboards read (that of AspNetCore.HealthChecks.UI): <c>status</c>,
/// <c>totalDuration</c>, and <c>entries</c> with each check's <c>status</c>, <c>duration</c>, <c>description</c> and
/// <c>tags</c>. Only the checks' own fixed sentences: never an exception, a connection string or a host name.
/// </summary>
public static class HealthResponse
{
    public const string FailedDescription = "The check failed.";

    public static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        // Relaxed: the descriptions are our own sentences, and "Hangfire's" reads better than "Hangfire\u0027s".
        await using var json = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("totalDuration", report.TotalDuration.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartObject("entries");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteStartObject("data");
            json.WriteEndObject();
            // The health service puts a throwing check's message here; our checks never throw, and nothing else is shown.
            json.WriteString("description", entry.Exception is null ? entry.Description : FailedDescription);
            json.WriteString("duration", entry.Duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("status", entry.Status.ToString());
            json.WriteStartArray("tags");
            foreach (var tag in entry.Tags)
                json.WriteStringValue(tag);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }
}

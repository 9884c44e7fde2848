using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

/// <summary>Sends GraphQL text over real HTTP, as a frontend would, signed in as one user (or none).</summary>
public sealed class GraphQLClient(HttpClient http, string? token)
{
    /// <summary>The user the client's token signs in as (null for an anonymous client).</summary>
    public string? UserId { get; init; }

    public HttpClient Http { get; } = http;

    public string? Token { get; } = token;

    public async Task<GraphQLResponse> SendAsync(string query, object? variables = null, string? operationName = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables, operationName });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        return await SendAsync(request);
    }

    public async Task<GraphQLResponse> SendAsync(HttpRequestMessage request)
    {
        if (Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }

    /// <summary>Sends and insists on a clean result; returns <c>data</c>.</summary>
    public async Task<JsonElement> DataAsync(string query, object? variables = null)
    {
        var response = await SendAsync(query, variables);
        Assert.True(response.Errors is null, $"Expected no errors, got {response.Text}");
        return response.Data;
    }
}

public sealed class GraphQLResponse
{
    public GraphQLResponse(HttpStatusCode status, string? mediaType, string text)
    {
        Status = status;
        MediaType = mediaType;
        Text = text;
        try
        {
            Root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            Root = default;
        }
    }

    public HttpStatusCode Status { get; }

    public string? MediaType { get; }

    public string Text { get; }

    public JsonElement Root { get; }

    public JsonElement Data => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("data", out var data) ? data : default;

    public JsonElement? Errors => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("errors", out var errors) ? errors : null;

    /// <summary><c>errors[0].extensions.code</c>, or null without errors.</summary>
    public string? ErrorCode => Errors is { } e && e.GetArrayLength() > 0 && e[0].TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var code)
        ? code.GetString()
        : null;

    public JsonElement FirstErrorExtensions => Errors!.Value[0].GetProperty("extensions");
}

public static class JsonPath
{
    /// <summary>Follows a dotted path such as <c>createCard.card.id</c>; numbers index arrays.</summary>
    public static JsonElement At(this JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
            element = int.TryParse(part, out var index) ? element[index] : element.GetProperty(part);
        return element;
    }

    public static string Str(this JsonElement element, string path) => element.At(path).GetString()!;

    public static int Number(this JsonElement element, string path) => element.At(path).GetInt32();
}
